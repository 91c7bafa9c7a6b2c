#!/usr/bin/env bash
# Soak: the full pipeline (`metricstream up`, no demo) under a steady load for DURATION, printing RSS and GC figures
# per role every minute (from /proc and from the admin listener's /metrics), then the ledger check (every
# acknowledged point once in Kafka and in InfluxDB raw, every 1-minute rollup equal to the one recomputed from the
# points). Fails when the ledger check fails or the memory of `up` (every role of ours) keeps growing (rules:
# bench/soak/SoakRunner/MemoryJudge.cs); influxd's figures are printed, not judged.
#
# Usage: scripts/soak.sh [DURATION]   DURATION like 10m, 180s or 600 (seconds); default 10m.
# Environment: RATE=points/s (default 1000), HOSTS=series (default 20), CONFIGURATION=Debug|Release (default Debug),
#              KEEP=1 keeps the work directory (data, logs).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10m}
RATE=${RATE:-1000}
HOSTS=${HOSTS:-20}
CONFIGURATION=${CONFIGURATION:-Debug}

case "$DURATION" in
  *m) seconds=$(( ${DURATION%m} * 60 )) ;;
  *s) seconds=${DURATION%s} ;;
  *) seconds=$DURATION ;;
esac

dotnet build src/Host/MetricStream.Host.csproj -c "$CONFIGURATION" -warnaserror -nologo -v quiet -clp:NoSummary
dotnet build bench/soak/SoakRunner/SoakRunner.csproj -c "$CONFIGURATION" -warnaserror -nologo -v quiet -clp:NoSummary
host="src/Host/bin/$CONFIGURATION/net10.0/metricstream.dll"
runner="bench/soak/SoakRunner/bin/$CONFIGURATION/net10.0/SoakRunner.dll"

work=$(mktemp -d /tmp/soak-XXXXXX)
up_pid=""
cleanup() {
  if [ -n "$up_pid" ] && kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$up_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$up_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Seven consecutive free ports below the ephemeral range (up uses P..P+6).
port_base=$(/usr/bin/python3 - <<'PY'
import random, socket
for _ in range(200):
    first = random.randint(20000, 31990)
    socks = []
    try:
        for p in range(first, first + 7):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(first); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PY
)

dotnet "$host" up --data-dir "$work/data" --port-base "$port_base" >"$work/up.log" 2>&1 &
up_pid=$!
line() { grep -m1 "^$1: " "$work/up.log" | sed "s/^$1: //"; }
for _ in $(seq 1 1800); do
  grep -q '^ready: ' "$work/up.log" && break
  kill -0 "$up_pid" 2>/dev/null || { echo "metricstream up exited:"; tail -30 "$work/up.log"; exit 1; }
  sleep 0.1
done
grep -q '^ready: ' "$work/up.log" || { echo "metricstream up not ready after 180 s:"; tail -30 "$work/up.log"; exit 1; }
edge=$(line edge); kafka=$(line kafka); influxdb=$(line influxdb); page=$(line page)
key=$(dotnet "$host" keys add --tenant soak --api-keys "$work/data/api-keys")
influxd_pid=$(pgrep -P "$up_pid" -x influxd || true)
echo "up: pid $up_pid, edge $edge, page $page, influxd pid ${influxd_pid:-?}; work directory $work"

roles=(--role "up=$up_pid=$page/metrics")
[ -n "$influxd_pid" ] && roles+=(--watch "influxd=$influxd_pid")  # printed, not judged: its cache fills with the data by design
status=0
dotnet "$runner" --edge "$edge" --key "$key" --tenant soak --bootstrap "$kafka" --influxdb "$influxdb" --database metrics \
  --duration "$seconds" --rate "$RATE" --hosts "$HOSTS" "${roles[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- last lines of metricstream up:"; tail -40 "$work/up.log"
fi
exit $status
