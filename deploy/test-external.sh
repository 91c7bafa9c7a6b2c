#!/usr/bin/env bash
# Exercises the integration suites' external-server path (METRICSTREAM_TEST_* variables, see
# tests/support/MetricStream.Testing/ExternalServers.cs) without Docker: starts a Kafka (metricstream kafka-dev),
# a schema registry (metricstream registry) and an InfluxDB 1.x (Debian's influxd) by hand, points the
# external-servers suite at them, and stops them. Prints "tests: N passed, N failed"; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-Debug}
host=src/Host/bin/$configuration/net10.0/metricstream.dll
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits up to 60 s for a "name: value" line in a file and prints the value.
wait_line() {
  local file=$1 name=$2
  for _ in $(seq 1 600); do
    if value=$(grep -m1 "^$name: " "$file" 2>/dev/null); then echo "${value#"$name: "}"; return 0; fi
    sleep 0.1
  done
  echo "no '$name:' line in $file: $(tail -5 "$file.err" 2>/dev/null)" >&2
  return 1
}

dotnet "$host" kafka-dev >"$work/kafka" 2>"$work/kafka.err" & pids+=($!)
bootstrap=$(wait_line "$work/kafka" kafka) || exit 1
dotnet "$host" registry --bootstrap "$bootstrap" --listen "http://127.0.0.1:$(free_port)" >"$work/registry" 2>"$work/registry.err" & pids+=($!)
registry=$(wait_line "$work/registry" registry) || exit 1

influx_port=$(free_port)
cat >"$work/influxd.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$(free_port)"
[meta]
  dir = "$work/influxdb/meta"
[data]
  dir = "$work/influxdb/data"
  wal-dir = "$work/influxdb/wal"
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
CONF
/usr/bin/influxd -config "$work/influxd.conf" >"$work/influxd.log" 2>&1 & pids+=($!)
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$influx_port/ping" >/dev/null && break
  sleep 0.1
done

echo "external servers: kafka $bootstrap, registry $registry, influxdb http://127.0.0.1:$influx_port (v1)"
export METRICSTREAM_TEST_BOOTSTRAP=$bootstrap
export METRICSTREAM_TEST_REGISTRY=$registry
export METRICSTREAM_TEST_INFLUXDB_URL=http://127.0.0.1:$influx_port
export METRICSTREAM_TEST_INFLUXDB_API=v1
dotnet test tests/integration/MetricStream.IntegrationTests/MetricStream.IntegrationTests.csproj --no-build -c "$configuration" \
  --filter "FullyQualifiedName~MetricStream.IntegrationTests.Compose.ExternalServersTests" \
  --logger "trx;LogFileName=external.trx" --results-directory "$work/results" --logger "console;verbosity=minimal"
status=$?
counters=$(grep -o '<Counters [^>]*>' "$work/results/external.trx" 2>/dev/null | head -1)
passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
[ "${passed:-0}" -gt 0 ] || status=1
exit $status
