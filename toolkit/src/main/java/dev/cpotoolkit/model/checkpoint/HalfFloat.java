package dev.cpotoolkit.model.checkpoint;

/**
 * IEEE 754 half precision (F16) to and from single precision. Widening is
 * exact (every half value is a float); narrowing rounds to nearest, ties to
 * even, and gives the same bits as PyTorch's {@code tensor.to(torch.float16)}
 * on the CPU. Java 17 has neither {@code Float.float16ToFloat} nor
 * {@code Float.floatToFloat16}, so both are done on the bits here.
 */
final class HalfFloat {

    /** Float bits of 65520, halfway between F16's largest finite 65504 and 65536; ties go up to infinity. */
    private static final int OVERFLOW_TIE = 0x477FF000;
    /** Float bits of 2^-14, the smallest normal F16. */
    private static final int SMALLEST_NORMAL = 0x38800000;
    /** Float bits of 2^-25, half the smallest F16 subnormal; it and anything below round to zero. */
    private static final int UNDERFLOW_TIE = 0x33000000;
    /** Exponent bias difference, float (127) minus half (15), placed at the float exponent. */
    private static final int REBIAS = 112 << 23;

    private HalfFloat() {}

    /** Widens the 16 bits of an F16 value. */
    static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            // Infinity or NaN: keep the payload.
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * Narrows a float to F16 bits, round to nearest even. Values from 65520 up
     * become infinity, as in PyTorch; a NaN becomes the quiet NaN {@code 0x7E00}
     * with the input's sign (PyTorch drops the payload too); signed zero keeps
     * its sign.
     */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7FFFFFFF;
        if (magnitude > 0x7F800000) {
            return (short) (sign | 0x7E00);
        }
        if (magnitude >= OVERFLOW_TIE) {
            return (short) (sign | 0x7C00);
        }
        if (magnitude >= SMALLEST_NORMAL) {
            // Rebias the exponent, then round away the 13 low mantissa bits. A carry out of the
            // mantissa moves into the exponent, which is exactly the next representable value.
            int rebased = magnitude - REBIAS;
            int rounded = rebased + 0xFFF + ((rebased >>> 13) & 1);
            return (short) (sign | (rounded >>> 13));
        }
        if (magnitude <= UNDERFLOW_TIE) {
            return (short) sign;
        }
        // Subnormal result: count in units of 2^-24. The float is m * 2^(e - 150) with the
        // implicit bit in m, so the count is m >> (126 - e), rounded on the bits shifted out.
        int exponent = magnitude >>> 23;
        int mantissa = (magnitude & 0x7FFFFF) | 0x800000;
        int shift = 126 - exponent;
        int count = mantissa >>> shift;
        int rest = mantissa & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (count & 1) == 1)) {
            count++;
        }
        // A count of 0x400 is the smallest normal's bit pattern, so rounding up into it needs nothing more.
        return (short) (sign | count);
    }
}
