#!/usr/bin/env bash
# Streams engine benchmark (issue 5, Performance). One process: starts the embedded Kafka broker (librdkafka
# mock cluster, 3 brokers) and the embedded schema registry, fills metrics.points with N points over K series as
# the edge writes them (partition-aligned PointBatch records, Confluent wire format), then measures
#   (a) a bare consume + decode loop over the topic (one thread, hot codec, no processing),
#   (b) topologies/rollups.yaml through StreamsApplication until every data offset is committed,
# prints points/s for both and the ratio (targets: (b) >= 0.8 x (a) and >= 1,000,000 points/s), and
#   (c) the window state of many active series (GC heap and RSS delta with every series' windows open).
# A benchmark, not a test: figures depend on the machine and its load (printed with the results).
#
# Also (p): the same records decoded and pushed through the topology's task code on one thread (test driver: no
# broker, no dataflow blocks, no commits, no changelog), to tell processing cost from runtime and Kafka cost.
#
# Usage: bench/engine/run.sh [--points N] [--series K] [--fields 1-4] [--partitions P] [--request-points B]
#                            [--interval-seconds S] [--state-series S] [--state-fields F] [--topology FILE]
#                            [--skip-state] [--state-only] [--process-only] [--commit-interval-ms MS] [--task-capacity C]
#                            [--no-changelog]
# Defaults: N=1,000,000 points over K=20,000 series (4 fields, 32 partitions, 5,000-point requests split by
# partition, 10 s between a series' points), state for 1,000,000 series x 1 field; 1-2 minutes on 2 cores.
# Why 32 partitions: librdkafka's mock broker keeps only about 5 MB per partition and drops older segments
# (the filler checks and says so); 1 M points need about 25 partitions.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! ldconfig -p 2>/dev/null | grep -q 'librdkafka.so.1'; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends librdkafka1 >/dev/null
fi
echo "building the engine bench (Release)..."
dotnet build bench/engine/EngineBench -c Release -nologo -v quiet -clp:NoSummary >/dev/null
exec dotnet bench/engine/EngineBench/bin/Release/net10.0/EngineBench.dll "$@"
