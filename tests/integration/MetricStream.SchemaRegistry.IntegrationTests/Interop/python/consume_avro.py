"""Consume Confluent wire-format Avro records with Confluent's own Python client and print them as JSON.

An independent decoder for our serializer and registry: confluent_kafka's MessageSerializer reads the
schema id from each value, fetches the writer schema from the registry (CachedSchemaRegistryClient,
GET /schemas/ids/{id}) and decodes with the Apache Avro library. One JSON object per record on stdout:
{"schema_id": N, "value": {...}}. Exit code 0 when --count records were read, 1 on timeout, 2 on a
decoding error.
"""
import argparse
import datetime
import json
import struct
import sys
import time

from confluent_kafka import Consumer, KafkaError
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def to_json(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError("not JSON serializable: %r" % (value,))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()

    serializer = MessageSerializer(CachedSchemaRegistryClient(args.registry))
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": "python-interop-%d" % time.time_ns(),
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([args.topic])
    read = 0
    deadline = time.monotonic() + args.timeout
    try:
        while read < args.count:
            if time.monotonic() > deadline:
                print("timed out after %d of %d records" % (read, args.count), file=sys.stderr)
                return 1
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    print("kafka error: %s" % msg.error(), file=sys.stderr)
                continue
            raw = msg.value()
            try:
                value = serializer.decode_message(raw)
            except Exception as e:  # report any decoding failure as such
                print("decode error: %r" % (e,), file=sys.stderr)
                return 2
            magic, schema_id = struct.unpack(">bI", raw[:5])
            print(json.dumps({"schema_id": schema_id, "value": value}, default=to_json, sort_keys=True), flush=True)
            read += 1
    finally:
        consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
