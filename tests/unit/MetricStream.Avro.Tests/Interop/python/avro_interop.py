"""Interop driver for MetricStream.Avro tests, using Debian's python3-avro (an independent implementation).

Values cross the process boundary as JSON with one convention on both sides (see InteropJson.cs):
unions are {"<branch type or full name>": value} or null; bytes and fixed are lowercase hex; decimals
are strings in fixed notation; timestamps, dates and times are their raw Avro integers; NaN, Infinity,
-Infinity and -0.0 are the strings "NaN", "Infinity", "-Infinity" and "-0".

Commands:
  write-container SCHEMA DATA_JSON OUT_AVRO CODEC   write DATA (a JSON list) to a container file
  read-container IN_AVRO OUT_JSON                   read a container file's objects to a JSON list
  encode SCHEMA DATA_JSON OUT_JSON                  encode each datum; output a JSON list of hex strings
  decode SCHEMA IN_JSON OUT_JSON                    decode a JSON list of hex strings to a JSON list
  canonical SCHEMAS_JSON OUT_JSON                    Parsing Canonical Form of each schema in a JSON list of schema texts
  compat PAIRS_JSON OUT_JSON                        for each [reader, writer] schema pair, whether reader can read writer
"""
import datetime
import decimal
import io
import json
import math
import sys

import avro.compatibility
import avro.datafile
import avro.io
import avro.schema

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
EPOCH_DATE = datetime.date(1970, 1, 1)


def logical(schema):
    return getattr(schema, "logical_type", None)


def branch_name(schema):
    if isinstance(schema, avro.schema.NamedSchema):
        return schema.fullname
    return schema.type


def float_to_json(value):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 and math.copysign(1.0, value) < 0:
        return "-0"
    return value


def float_from_json(value):
    if isinstance(value, str):
        return {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf"), "-0": -0.0}[value]
    return float(value)


def micros(delta):
    return (delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds


def time_micros(t):
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1000000 + t.microsecond


def time_from_micros(us):
    seconds, us = divmod(us, 1000000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return datetime.time(hours, minutes, seconds, us)


def fits(schema, value):
    t = schema.type
    lt = logical(schema)
    if t == "null":
        return value is None
    if t == "boolean":
        return isinstance(value, bool)
    if lt == "date":
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    if lt in ("time-millis", "time-micros"):
        return isinstance(value, datetime.time)
    if lt in ("timestamp-millis", "timestamp-micros"):
        return isinstance(value, datetime.datetime)
    if lt == "decimal":
        return isinstance(value, decimal.Decimal)
    if t in ("int", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if t in ("float", "double"):
        return isinstance(value, float)
    if t in ("bytes", "fixed"):
        return isinstance(value, bytes)
    if t in ("string", "enum"):
        return isinstance(value, str)
    if t == "array":
        return isinstance(value, list)
    if t in ("map", "record", "error"):
        return isinstance(value, dict)
    return False


def to_json(schema, value):
    t = schema.type
    lt = logical(schema)
    if t == "union":
        if value is None:
            return None
        for branch in schema.schemas:
            if fits(branch, value):
                return {branch_name(branch): to_json(branch, value)}
        raise ValueError(f"no union branch fits {value!r}")
    if lt == "decimal":
        return format(value, "f")
    if lt == "date":
        return (value - EPOCH_DATE).days
    if lt == "time-millis":
        return time_micros(value) // 1000
    if lt == "time-micros":
        return time_micros(value)
    if lt == "timestamp-millis":
        return micros(value - EPOCH) // 1000
    if lt == "timestamp-micros":
        return micros(value - EPOCH)
    if t in ("float", "double"):
        return float_to_json(value)
    if t in ("bytes", "fixed"):
        return value.hex()
    if t == "array":
        return [to_json(schema.items, v) for v in value]
    if t == "map":
        return {k: to_json(schema.values, v) for k, v in value.items()}
    if t in ("record", "error"):
        return {f.name: to_json(f.type, value[f.name]) for f in schema.fields}
    return value


def from_json(schema, value):
    t = schema.type
    lt = logical(schema)
    if t == "union":
        if value is None:
            return None
        (name, inner), = value.items()
        for branch in schema.schemas:
            if branch_name(branch) == name:
                return from_json(branch, inner)
        raise ValueError(f"no union branch named {name}")
    if lt == "decimal":
        return decimal.Decimal(value)
    if lt == "date":
        return EPOCH_DATE + datetime.timedelta(days=value)
    if lt == "time-millis":
        return time_from_micros(value * 1000)
    if lt == "time-micros":
        return time_from_micros(value)
    if lt == "timestamp-millis":
        return EPOCH + datetime.timedelta(milliseconds=value)
    if lt == "timestamp-micros":
        return EPOCH + datetime.timedelta(microseconds=value)
    if t in ("float", "double"):
        return float_from_json(value)
    if t in ("bytes", "fixed"):
        return bytes.fromhex(value)
    if t == "array":
        return [from_json(schema.items, v) for v in value]
    if t == "map":
        return {k: from_json(schema.values, v) for k, v in value.items()}
    if t in ("record", "error"):
        return {f.name: from_json(f.type, value[f.name]) for f in schema.fields}
    return value


def load_schema(path):
    with open(path, encoding="utf-8") as f:
        return avro.schema.parse(f.read())


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, allow_nan=False)


def main(argv):
    command = argv[1]
    if command == "write-container":
        schema = load_schema(argv[2])
        data = load_json(argv[3])
        with open(argv[4], "wb") as out:
            writer = avro.datafile.DataFileWriter(out, avro.io.DatumWriter(), schema, codec=argv[5])
            writer.set_meta("interop.writer", b"python")
            for datum in data:
                writer.append(from_json(schema, datum))
                # Small blocks so the reader sees several of them.
                if writer.block_count >= 3:
                    writer.sync()
            writer.close()
    elif command == "read-container":
        with open(argv[2], "rb") as f:
            reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
            schema = reader.datum_reader.writers_schema
            data = [to_json(schema, datum) for datum in reader]
            reader.close()
        save_json(argv[3], data)
    elif command == "encode":
        schema = load_schema(argv[2])
        writer = avro.io.DatumWriter(schema)
        encoded = []
        for datum in load_json(argv[3]):
            buffer = io.BytesIO()
            writer.write(from_json(schema, datum), avro.io.BinaryEncoder(buffer))
            encoded.append(buffer.getvalue().hex())
        save_json(argv[4], encoded)
    elif command == "decode":
        schema = load_schema(argv[2])
        reader = avro.io.DatumReader(schema)
        decoded = []
        for hex_datum in load_json(argv[3]):
            raw = bytes.fromhex(hex_datum)
            buffer = io.BytesIO(raw)
            decoded.append(to_json(schema, reader.read(avro.io.BinaryDecoder(buffer))))
            if buffer.tell() != len(raw):
                raise ValueError(f"decoder consumed {buffer.tell()} of {len(raw)} bytes")
        save_json(argv[4], decoded)
    elif command == "canonical":
        save_json(argv[3], [avro.schema.parse(text).canonical_form for text in load_json(argv[2])])
    elif command == "compat":
        checker = avro.compatibility.ReaderWriterCompatibilityChecker()
        results = []
        for reader_json, writer_json in load_json(argv[2]):
            result = checker.get_compatibility(avro.schema.parse(reader_json), avro.schema.parse(writer_json))
            results.append(result.compatibility == avro.compatibility.SchemaCompatibilityType.compatible)
        save_json(argv[3], results)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
