"""Writes half_reference.json: float32 -> bfloat16 / float16 bit patterns as PyTorch rounds them.

The reference for HalfPrecisionTest, which checks the Java conversion used to
save BF16/F16 checkpoints bit for bit. Run with Debian's python3-torch (1.13
was used), on the CPU:  /usr/bin/python3 make_half_reference.py

Each case is a float32 bit pattern and the 16 bits that tensor.to(torch.bfloat16)
and tensor.to(torch.float16) give for it. The inputs are hand-picked edge cases
(ties to even, values that carry into the exponent, the largest finite values
and the ones that overflow to infinity, float32 and float16 subnormals, NaNs
with various payloads and signs, infinities, zeros) plus a sweep over every
float32 exponent and seeded random bit patterns and weight-sized values, so
that a mistake in any branch of the conversion shows up.

Worth knowing: for NaN the CPU kernel of torch 1.13 gives 0xFFFF in bfloat16
(its vectorised path blends in all-ones), while torch's scalar c10::BFloat16
gives 0x7FC0; the reference records what .to() returned on this machine.
"""
import json
import random
import struct

import torch


def bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


EDGE = [
    # zeros, ones, small integers
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x40000000, 0x40400000, 0xC2C80000,
    # bfloat16 rounding: below a tie, tie to even (down and up), above a tie
    0x3F807FFF, 0x3F808000, 0x3F818000, 0x3F808001, 0xBF808000, 0xBF818000, 0x3F80FFFF,
    # bfloat16 rounding that carries into the exponent
    0x3F7FFFFF, 0x3F7F8000, 0x3FFF8000, 0x3FFFFFFF, 0xBFFF8000, 0x007F8000, 0x007FFFFF,
    # largest finite float32 and bfloat16, and what overflows to infinity
    0x7F7FFFFF, 0xFF7FFFFF, 0x7F7F0000, 0x7F7F7FFF, 0x7F7F8000, 0x7F7E8000, 0xFF7F8000, 0xFF7F7FFF,
    # float32 subnormals and the smallest normal
    0x00000001, 0x80000001, 0x00007FFF, 0x00008000, 0x00018000, 0x00010000, 0x00400000, 0x00800000,
    0x80800000, 0x807FFFFF,
    # infinities
    0x7F800000, 0xFF800000,
    # NaNs: quiet, signalling, with payloads, negative, one whose rounding would reach the sign bit
    0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001, 0x7FA00000, 0x7FFFFFFF, 0xFFFFFFFF, 0x7FFF8000,
    0x7F808000, 0x7FC12345,
    # float16: largest finite, just below and at the overflow tie, beyond
    bits(65504.0), bits(-65504.0), 0x477FEFFF, 0x477FF000, 0xC77FF000, bits(65536.0), bits(1e5), bits(1e38),
    # float16 ties in the normal range
    0x3F801000, 0x3F803000, 0x3F801001, 0x3F800FFF, 0x3FFFF000, 0x3FFFEFFF,
    # float16 smallest normal, subnormal range, the underflow tie and just above it
    0x38800000, 0x387FF000, 0x387FE000, 0x387FF001, 0x38000000, 0x33800000, 0x33000000, 0x33000001,
    0x32FFFFFF, 0x33C00000, 0x34200000, 0x34600000, 0xB3000001, 0xB3800000, 0x2F800000, 0x0A000000,
    # values that look like model weights
    bits(0.02), bits(-0.02), bits(1e-3), bits(3.14159265), bits(-2.718281828), bits(1e-6), bits(1e-10),
]


def cases():
    rng = random.Random(15)
    inputs = list(EDGE)
    for exponent in range(256):
        for mantissa in (0x000000, 0x000001, 0x001000, 0x008000, 0x00FFFF, 0x018000, 0x400000, 0x7FF000,
                         0x7FFFFF, rng.getrandbits(23)):
            for sign in (0, 0x80000000):
                inputs.append(sign | (exponent << 23) | mantissa)
    inputs += [rng.getrandbits(32) for _ in range(1024)]
    inputs += [bits(rng.gauss(0.0, 0.05)) for _ in range(512)]
    return inputs


def main():
    inputs = cases()
    signed = [v - (1 << 32) if v >= 1 << 31 else v for v in inputs]
    floats = torch.tensor(signed, dtype=torch.int32).view(torch.float32)
    bf16 = floats.to(torch.bfloat16).view(torch.int16).tolist()
    f16 = floats.to(torch.float16).view(torch.int16).tolist()
    rows = [[f"{i:08x}", f"{b & 0xFFFF:04x}", f"{h & 0xFFFF:04x}"] for i, b, h in zip(inputs, bf16, f16)]
    with open("half_reference.json", "w") as out:
        # One case a line, so a failing case is easy to find and a diff easy to read.
        out.write('{"torch": "%s", "columns": ["float32", "bfloat16", "float16"], "cases": [\n' % torch.__version__)
        out.write(",\n".join(json.dumps(row) for row in rows))
        out.write("\n]}\n")


if __name__ == "__main__":
    main()
