#!/usr/bin/env bash
# Edge vs influxd, same machine, same body: starts an embedded Kafka broker (own process), the schema
# registry + edge (own process), and a local influxd; then wrk posts the same 5,000-line line protocol body
# to influxd's /write and to the edge's /api/v2/write, and single-line bodies to the edge. Prints lines/s
# for both, the ratio, single-line req/s and p99, the edge's peak RSS, and checks that every record the
# edge acknowledged is in Kafka. A benchmark, not a test: figures depend on the machine and its load.
#
# Usage: bench/edge/run.sh [duration-seconds]   (default 20; environment: CONNECTIONS=8 SINGLE_CONNECTIONS=64 THREADS=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
CONNECTIONS=${CONNECTIONS:-8}
SINGLE_CONNECTIONS=${SINGLE_CONNECTIONS:-64}
THREADS=${THREADS:-1}

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v influxd >/dev/null || missing+=(influxdb)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
  exec 7>&- 8>&- 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for_line() { # file prefix seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do
    grep -m1 "^$2" "$1" 2>/dev/null | sed "s/^$2 *//" && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

echo "building the bench host (Release)..."
dotnet build bench/edge/EdgeBenchHost -c Release -nologo -v quiet -clp:NoSummary >/dev/null
host="dotnet bench/edge/EdgeBenchHost/bin/Release/net10.0/EdgeBenchHost.dll"

$host body --lines 5000 --out "$work/body.lp"
head -1 "$work/body.lp" > "$work/line.lp"
lines=$(wc -l < "$work/body.lp")

# influxd 1.x with its own directories and port.
influx_port=$(free_port)
cat > "$work/influxd.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$(free_port)"
[meta]
  dir = "$work/influx/meta"
[data]
  dir = "$work/influx/data"
  wal-dir = "$work/influx/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
CONF
influxd -config "$work/influxd.conf" > "$work/influxd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$influx_port/ping" >/dev/null && break; sleep 0.1; done
curl -sf -XPOST "http://127.0.0.1:$influx_port/query" --data-urlencode "q=CREATE DATABASE bench" >/dev/null

# Broker and edge, each with stdin on a fifo: closing it stops them.
mkfifo "$work/broker.in" "$work/edge.in"
$host broker --partitions 6 --until-stdin-closes < "$work/broker.in" > "$work/broker.out" 2>&1 &
pids+=($!)
exec 7> "$work/broker.in"
bootstrap=$(wait_for_line "$work/broker.out" "bootstrap:" 60)
$host edge --bootstrap "$bootstrap" --key-file "$work/keys" --until-stdin-closes < "$work/edge.in" > "$work/edge.out" 2> "$work/edge.err" &
edge_pid=$!
pids+=($edge_pid)
exec 8> "$work/edge.in"
edge_url=$(wait_for_line "$work/edge.out" "edge:" 120)
key=$(wait_for_line "$work/edge.out" "key:" 10)
edge_url=${edge_url%/}

run_wrk() { # url body token connections seconds
  BODY=$2 TOKEN=$3 wrk -t"$THREADS" -c"$4" -d"$5"s --latency -s bench/edge/post.lua "$1"
}
rps() { awk '/^Requests\/sec:/ {print $2}' <<<"$1"; }
p99() { awk '$1 == "99%" {print $2}' <<<"$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$1"; }

echo "warming up..."
run_wrk "http://127.0.0.1:$influx_port/write?db=bench&precision=ns" "$work/body.lp" "" "$CONNECTIONS" 5 >/dev/null
run_wrk "$edge_url/api/v2/write?bucket=bench&precision=ns" "$work/body.lp" "$key" "$CONNECTIONS" 5 >/dev/null

echo "influxd /write, $lines-line bodies, ${DURATION}s..."
influx_out=$(run_wrk "http://127.0.0.1:$influx_port/write?db=bench&precision=ns" "$work/body.lp" "" "$CONNECTIONS" "$DURATION")
echo "edge /api/v2/write, $lines-line bodies, ${DURATION}s..."
edge_out=$(run_wrk "$edge_url/api/v2/write?bucket=bench&precision=ns" "$work/body.lp" "$key" "$CONNECTIONS" "$DURATION")
echo "edge /api/v2/write, single-line bodies, ${DURATION}s..."
single_out=$(run_wrk "$edge_url/api/v2/write?bucket=bench&precision=ns" "$work/line.lp" "$key" "$SINGLE_CONNECTIONS" "$DURATION")
rss_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$edge_pid/status")

exec 8>&-
for _ in $(seq 1 600); do grep -q "^records_in_kafka:" "$work/edge.out" && break; sleep 0.1; done
acked=$(wait_for_line "$work/edge.out" "records_acked:" 5)
in_kafka=$(wait_for_line "$work/edge.out" "records_in_kafka:" 5)

influx_rps=$(rps "$influx_out"); edge_rps=$(rps "$edge_out"); single_rps=$(rps "$single_out")
echo
echo "=== results (${DURATION}s each, $CONNECTIONS connections, $THREADS wrk thread(s), $(nproc) cores shared by everything)"
printf "influxd /write       : %8.1f req/s  %10.0f lines/s  p99 %s  non-2xx %s\n" "$influx_rps" "$(echo "$influx_rps * $lines" | bc -l)" "$(p99 "$influx_out")" "$(non2xx "$influx_out" || true)"
printf "edge /api/v2/write   : %8.1f req/s  %10.0f lines/s  p99 %s  non-2xx %s\n" "$edge_rps" "$(echo "$edge_rps * $lines" | bc -l)" "$(p99 "$edge_out")" "$(non2xx "$edge_out" || true)"
printf "ratio edge/influxd   : %8.2f\n" "$(echo "$edge_rps / $influx_rps" | bc -l)"
printf "edge single-line     : %8.1f req/s  p99 %s  non-2xx %s\n" "$single_rps" "$(p99 "$single_out")" "$(non2xx "$single_out" || true)"
printf "edge peak RSS        : %8.1f MB\n" "$(echo "$rss_kb / 1024" | bc -l)"
printf "kafka check          : %s records acknowledged by the edge, %s records in the topic\n" "$acked" "$in_kafka"
# Requests cut off when wrk stops still have their records delivered (they are just never answered), so
# the topic may hold more than was acknowledged; it must never hold fewer.
if [ "$in_kafka" -lt "$acked" ]; then
  echo "MISMATCH: acknowledged records missing from Kafka" >&2
  exit 1
fi
echo "kafka check          : ok (every acknowledged record is in the topic)"
