package dev.cpotoolkit.model.checkpoint;

/**
 * bfloat16 (BF16) to and from single precision. BF16 is the upper half of a
 * float, so widening is a shift; narrowing rounds to nearest, ties to even, and
 * gives the same bits as PyTorch's {@code tensor.to(torch.bfloat16)} on the CPU.
 */
final class BFloat16 {

    /**
     * What PyTorch's CPU kernel writes for every NaN, whatever its sign and
     * payload (its scalar {@code c10::BFloat16} would write {@code 0x7FC0}; both
     * are NaN, and saving matches the kernel that {@code .to()} runs).
     */
    static final short NAN = (short) 0xFFFF;

    private BFloat16() {}

    /** Widens the 16 bits of a BF16 value, exactly. */
    static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * Narrows a float to BF16 bits, round to nearest even: finite values that
     * round past the largest BF16 (about 3.39e38) become infinity, infinities
     * stay, NaN becomes {@link #NAN}, signed zero and subnormals keep their sign.
     */
    static short fromFloat(float value) {
        if (Float.isNaN(value)) {
            // Rounding a NaN's bits could carry into the sign or make an infinity; never round them.
            return NAN;
        }
        int bits = Float.floatToRawIntBits(value);
        // Adding just under half a unit of the kept part, plus one when the kept part is odd,
        // carries exactly when the dropped half is above the tie, or at the tie with an odd result.
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
