#!/usr/bin/env bash
# InfluxDB sink vs wrk, same machine, same 5,000-line batches: a local influxd; (a) wrk posts the batch body
# straight to /write; (b) the same points as PointBatch records on an embedded Kafka topic, consumed,
# decoded and written through InfluxSink (5,000-line batches). Prints lines/s for both and b/a.
# A benchmark, not a test: figures depend on the machine and its load.
#
# Usage: bench/sink/run.sh [duration-seconds]   (default 20; environment: CONNECTIONS=4 IN_FLIGHT=CONNECTIONS
#   RECORDS=200 GZIP=auto|true|false ROUNDS=3;
#   auto = the sink's default, no gzip for a loopback target)
# (a) and (b) alternate for ROUNDS rounds so each ratio compares figures taken under the same machine load
# (the medians are printed last). (b) runs after a 3 s warm-up through the sink (as wrk gets one) and is timed
# from the first record consumed;
# the topic has as many partitions as keep each under the embedded broker's ~5 MB per-partition log.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v influxd >/dev/null || missing+=(influxdb)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "building the bench host (Release)..."
dotnet build bench/sink/SinkBenchHost -c Release -nologo -v quiet -clp:NoSummary >/dev/null
dotnet bench/sink/SinkBenchHost/bin/Release/net10.0/SinkBenchHost.dll run --seconds "$DURATION" \
  --connections "${CONNECTIONS:-4}" --in-flight "${IN_FLIGHT:-${CONNECTIONS:-4}}" --records "${RECORDS:-200}" \
  --gzip "${GZIP:-auto}" --rounds "${ROUNDS:-3}" --wrk bench/sink/post.lua
