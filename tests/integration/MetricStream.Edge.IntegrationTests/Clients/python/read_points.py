"""Reads the edge's topic with Confluent's own Python client (Debian's python3-confluent-kafka + python3-avro).

The writer schema is fetched from the registry by the id in each value and the value decoded by Apache Avro:
an independent check that anything the edge writes is readable by stock Confluent clients. Prints one JSON
object per point: tenant, bucket, measurement, tags, fields, timestamp. Exit 0 after --records records,
1 on timeout, 2 when a value does not decode.
"""
import argparse
import json
import sys
import time

from confluent_kafka import Consumer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

parser = argparse.ArgumentParser()
parser.add_argument("--bootstrap", required=True)
parser.add_argument("--registry", required=True)
parser.add_argument("--topic", required=True)
parser.add_argument("--records", type=int, required=True)
args = parser.parse_args()

decoder = MessageSerializer(CachedSchemaRegistryClient(args.registry))
consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "edge-python-%d" % time.time_ns(),
                     "auto.offset.reset": "earliest", "enable.auto.commit": False})
consumer.subscribe([args.topic])
deadline = time.monotonic() + 60
read = 0
while read < args.records:
    if time.monotonic() > deadline:
        sys.exit(1)
    message = consumer.poll(0.5)
    if message is None or message.error():
        continue
    try:
        batch = decoder.decode_message(message.value())
    except Exception as error:  # any decoding failure is the finding
        print("decode error: %s" % error, file=sys.stderr)
        sys.exit(2)
    for point in batch["points"]:
        print(json.dumps({"tenant": batch["tenant"], "bucket": batch["bucket"], "measurement": point["measurement"],
                          "tags": point["tags"], "fields": point["fields"], "timestamp": point["timestamp"]}, sort_keys=True))
    read += 1
consumer.close()
