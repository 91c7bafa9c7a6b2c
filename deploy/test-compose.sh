#!/usr/bin/env bash
# `make test-compose`: brings docker-compose.yml up (real Apache Kafka, Confluent Schema Registry, InfluxDB 2,
# our edge and process roles), waits for it, runs the integration suites against it through the METRICSTREAM_TEST_*
# variables (tests/support/MetricStream.Testing/ExternalServers.cs), and takes it down again (KEEP=1 keeps it).
# Needs a Docker engine. Tests that inject broker or influxd faults need the embedded servers and are left out.
set -uo pipefail
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-Debug}
if ! docker info >/dev/null 2>&1; then
  echo "test-compose needs a Docker engine (docker info failed); here only 'make test-external' can run" >&2
  exit 2
fi

compose=(docker-compose -f docker-compose.yml)
[ "${KEEP:-0}" = 1 ] || trap '"${compose[@]}" down -v' EXIT
"${compose[@]}" up -d --build || exit 1

wait_http() {
  for _ in $(seq 1 180); do curl -sf "$1" >/dev/null && return 0; sleep 1; done
  echo "$1 did not answer within 3 minutes" >&2
  "${compose[@]}" logs --tail 50 >&2
  return 1
}
wait_http http://127.0.0.1:8086/health && wait_http http://127.0.0.1:8081/subjects \
  && wait_http http://127.0.0.1:8080/readyz && wait_http http://127.0.0.1:8082/metrics || exit 1

export METRICSTREAM_TEST_BOOTSTRAP=127.0.0.1:9094
export METRICSTREAM_TEST_REGISTRY=http://127.0.0.1:8081
export METRICSTREAM_TEST_INFLUXDB_URL=http://127.0.0.1:8086
export METRICSTREAM_TEST_INFLUXDB_API=v2
export METRICSTREAM_TEST_INFLUXDB_TOKEN=metricstream-dev-token
export METRICSTREAM_TEST_INFLUXDB_ORG=metricstream

status=0
run() {
  dotnet test "$1" --no-build -c "$configuration" --filter "$2" --logger "console;verbosity=minimal" || status=1
}
run tests/integration/MetricStream.IntegrationTests/MetricStream.IntegrationTests.csproj "FullyQualifiedName~.Compose.|FullyQualifiedName~.Observability.JsonLogs"
for suite in Edge Processing Sinks SchemaRegistry; do
  run "tests/integration/MetricStream.$suite.IntegrationTests/MetricStream.$suite.IntegrationTests.csproj" \
    "FullyQualifiedName!~.Faults.&FullyQualifiedName!~Outage&FullyQualifiedName!~Readiness&FullyQualifiedName!~LocalInfluxd"
done

# The deployed roles themselves: the edge accepts a point with the compose file's demo key and both serve /metrics.
curl -sf -o /dev/null -w '%{http_code}\n' -H 'Authorization: Token msk_b5KGW62L6TAic1ljF3T5iMKcHj6AHCyLY6duP-Z0LJQ' \
  --data-binary 'compose_check,host=test value=1' 'http://127.0.0.1:8080/api/v2/write?bucket=raw' | grep -q 204 || { echo "edge write failed" >&2; status=1; }
curl -sf http://127.0.0.1:8082/metrics | grep -q '^metricstream_streams_records_in_total' || { echo "process /metrics lacks streams figures" >&2; status=1; }
exit $status
