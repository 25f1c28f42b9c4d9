package dev.cpotoolkit.model.checkpoint;

/**
 * IEEE 754 half precision to single precision, exactly (every half value is a
 * float). Java 17 has no {@code Float.float16ToFloat}; this is the same
 * bit-level widening.
 */
final class HalfFloat {

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
}
