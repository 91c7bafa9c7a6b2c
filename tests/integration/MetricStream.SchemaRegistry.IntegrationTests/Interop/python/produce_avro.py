"""Produce Avro records with Confluent's own Python client (AvroProducer).

The producer registers --schema under the subject <topic>-value in the registry at --registry (POST
/subjects/<topic>-value/versions), then writes each value of --values (a JSON array) in the Confluent wire
format. Prints {"produced": N} on success. Exit code 0 on success, 1 on a delivery failure.
"""
import argparse
import json
import sys

from confluent_kafka import avro
from confluent_kafka.avro import AvroProducer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--schema", required=True, help="the value schema, JSON")
    parser.add_argument("--values", required=True, help="a JSON array of values")
    args = parser.parse_args()

    schema = avro.loads(args.schema)
    producer = AvroProducer(
        {"bootstrap.servers": args.bootstrap, "schema.registry.url": args.registry, "acks": "all"},
        default_value_schema=schema)
    failures = []

    def on_delivery(err, _msg):
        if err is not None:
            failures.append(str(err))

    values = json.loads(args.values)
    for value in values:
        producer.produce(topic=args.topic, value=value, callback=on_delivery)
    remaining = producer.flush(30)
    if failures or remaining:
        print("delivery failed: %s (%d not flushed)" % (failures, remaining), file=sys.stderr)
        return 1
    print(json.dumps({"produced": len(values)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
