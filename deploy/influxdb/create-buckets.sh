#!/bin/bash
# Run once by the influxdb:2 image after its initial setup (it creates the org, the token and the bucket "raw"):
# the buckets of the sink's other destinations. Rollups are kept a year, raw points 30 days.
set -euo pipefail
influx bucket update --id "$(influx bucket list --name raw --hide-headers | cut -f1)" --retention 720h
for bucket in rollup_1m rollup_1h alerts; do
  influx bucket create --name "$bucket" --retention 8760h --org "$DOCKER_INFLUXDB_INIT_ORG"
done
