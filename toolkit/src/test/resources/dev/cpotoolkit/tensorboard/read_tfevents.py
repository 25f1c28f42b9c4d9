"""An event-file reader independent of the toolkit's writer (and of TensorFlow).

Reads every events.out.tfevents.* file under a folder, checks each record's
framing and both masked CRC-32C checksums, decodes the Event protobuf fields
that scalar logs use, and prints one JSON object per event:
{"file", "wall_time", "step", "file_version"} or {"file", "wall_time", "step", "tag", "value"}.
Written from the published formats (TFRecord framing; tensorflow/core/util/event.proto,
tensorflow/core/framework/summary.proto). Exits 1 with a message on any damage.
"""
import json
import os
import struct
import sys


def _crc32c_table():
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


# The CRC-32C check value of b"123456789" (RFC 3720's Castagnoli polynomial, as the
# CRC catalogues list it): this decoder's checksum is tied to the published value,
# not only to agreeing with the writer it checks.
if crc32c(b"123456789") != 0xE3069283:
    raise AssertionError("crc32c self-check failed: %08x" % crc32c(b"123456789"))


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf, pos):
    result, shift = 0, 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def fields(buf):
    """Yields (field number, wire type, value) for a protobuf message."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def events(path):
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    while pos < len(data):
        header = data[pos:pos + 8]
        if len(header) < 8:
            raise ValueError("%s: truncated length at byte %d" % (path, pos))
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        if masked(crc32c(header)) != length_crc:
            raise ValueError("%s: bad length checksum at byte %d" % (path, pos))
        body = data[pos + 12:pos + 12 + length]
        (body_crc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
        if masked(crc32c(body)) != body_crc:
            raise ValueError("%s: bad data checksum at byte %d" % (path, pos))
        pos += 16 + length
        event = {"file": os.path.basename(path)}
        for number, wire, value in fields(body):
            if number == 1 and wire == 1:
                event["wall_time"] = struct.unpack("<d", value)[0]
            elif number == 2 and wire == 0:
                event["step"] = value
            elif number == 3 and wire == 2:
                event["file_version"] = value.decode("utf-8")
            elif number == 5 and wire == 2:
                for vnum, vwire, summary_value in fields(value):
                    if vnum != 1:
                        continue
                    scalar = dict(event)
                    for snum, swire, svalue in fields(summary_value):
                        if snum == 1 and swire == 2:
                            scalar["tag"] = svalue.decode("utf-8")
                        elif snum == 2 and swire == 5:
                            scalar["value"] = struct.unpack("<f", svalue)[0]
                    yield scalar
                event = None
                break
        if event is not None:
            yield event


def main(folder):
    files = sorted(os.path.join(root, name) for root, _, names in os.walk(folder)
                   for name in names if "tfevents" in name)
    if not files:
        print("no event files under %s" % folder, file=sys.stderr)
        return 1
    try:
        for path in files:
            for event in events(path):
                print(json.dumps(event))
    except (ValueError, IndexError, struct.error) as e:
        print(str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
