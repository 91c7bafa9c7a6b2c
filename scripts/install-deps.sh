#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing, quietly.
# Usage: scripts/install-deps.sh [run|test]   (test adds what the test suites use)
set -euo pipefail

want=(librdkafka1 librdkafka-dev kcat influxdb influxdb-client)
if [ "${1:-run}" = "test" ]; then
  # python3-requests: confluent_kafka.avro imports it, and Debian does not pull it in.
  want+=(python3-avro python3-confluent-kafka python3-requests)
  # Real agents the edge suites talk to: Prometheus remote_write, the influx CLI (above).
  want+=(prometheus)
  # `make test` validates docker-compose.yml with Debian's docker-compose (no Docker engine needed for `config`).
  want+=(docker-compose)
  # The browser suite drives Debian's headless chromium with Playwright (no browser download).
  want+=(chromium)
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

echo "Installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# influxdb's package starts no service here (no systemd); our scripts start influxd themselves.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
