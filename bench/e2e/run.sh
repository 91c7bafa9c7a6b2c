#!/usr/bin/env bash
# End to end (issue 6, Performance): points posted to the edge -> visible as 1-minute rollups in InfluxDB.
# Builds the host, starts `metricstream up` (no --demo) with its own data dir and free ports, then
# bench/e2e/e2e.py posts one point per series every second with current timestamps and polls InfluxDB
# (InfluxQL over HTTP, every 200 ms) for each closed 1-minute window; prints windows measured, p50/p99 of
# (visible time - window end) and the target p99 <= grace + 2 s (grace from topologies/rollups.yaml).
# Windows close on stream time (a point >= window end + grace arrives) or on the idle rule; only windows
# closed on stream time are measured. A benchmark, not a test: figures depend on the machine and its load.
#
# Usage: bench/e2e/run.sh [duration-seconds]   (default 150: about 3.5 minutes with start and stop;
#        environment: SERIES=50 POLL_MS=200 CONFIGURATION=Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-150}
SERIES=${SERIES:-50}
POLL_MS=${POLL_MS:-200}
CONFIGURATION=${CONFIGURATION:-Release}

command -v influxd >/dev/null || { echo "influxd is missing: run 'make run' or install Debian's influxdb" >&2; exit 1; }
grace=$(awk '/^[[:space:]]*-? *name: rollup-1m$/ {in1m=1} in1m && /grace:/ {gsub(/[^0-9]/, "", $2); print $2; exit}' topologies/rollups.yaml)
grace=${grace:-30}

work=$(mktemp -d)
up_pid=""
cleanup() {
  if [ -n "$up_pid" ] && kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid" 2>/dev/null || true
    for _ in $(seq 1 900); do kill -0 "$up_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$up_pid" 2>/dev/null && { echo "up did not stop within 90 s: killing it" >&2; kill -KILL "$up_pid" 2>/dev/null || true; }
    wait "$up_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A base port P with P..P+6 free (edge P, registry P+1, influxd P+6).
port_base() {
  python3 - <<'PY'
import random, socket
for _ in range(200):
    base = random.randrange(20000, 60000)
    socks = []
    try:
        for p in range(base, base + 7):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PY
}
wait_for_line() { # file prefix seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do
    grep -m1 "^$2" "$1" 2>/dev/null | sed "s/^$2 *//" && return 0
    kill -0 "$up_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2; tail -50 "$1" >&2; tail -50 "$work/up.err" >&2; return 1
}

echo "building the host ($CONFIGURATION)..."
dotnet build src/Host/MetricStream.Host.csproj -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary >/dev/null
host="src/Host/bin/$CONFIGURATION/net10.0/metricstream.dll"

base=$(port_base)
echo "starting metricstream up --data-dir $work/data --port-base $base ..."
started=$(date +%s)
METRICSTREAM__Logging__LogLevel__Default=Warning dotnet "$host" up --data-dir "$work/data" --port-base "$base" > "$work/up.out" 2> "$work/up.err" &
up_pid=$!
wait_for_line "$work/up.out" "ready:" 180 >/dev/null
edge=$(wait_for_line "$work/up.out" "edge:" 1)
influxdb=$(wait_for_line "$work/up.out" "influxdb:" 1)
key_file=$(wait_for_line "$work/up.out" "api-key:" 1)
echo "up ready in $(( $(date +%s) - started ))s: edge $edge, influxdb $influxdb"

status=0
python3 bench/e2e/e2e.py --edge "$edge" --influxdb "$influxdb" --key "$(cat "$key_file")" \
  --seconds "$DURATION" --series "$SERIES" --grace "$grace" --poll-ms "$POLL_MS" || status=$?
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with everything else running)"

echo "stopping up (SIGTERM)..."
kill -TERM "$up_pid"
code=0; wait "$up_pid" || code=$?
up_pid=""
echo "up exited with $code"
[ "$code" -eq 0 ] || tail -20 "$work/up.err" >&2
exit "$status"
