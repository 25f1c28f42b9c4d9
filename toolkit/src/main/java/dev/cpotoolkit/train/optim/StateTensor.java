package dev.cpotoolkit.train.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * One float32 tensor of optimizer state as plain Java data, ready to be
 * written to a safetensors file and read back.
 *
 * @param shape the tensor's shape; empty for a scalar
 * @param data  the values in row-major order; {@code data.length} is the product of {@code shape}
 */
public record StateTensor(long[] shape, float[] data) {

    /**
     * Checks that the data fills the shape.
     *
     * @throws IllegalArgumentException when the sizes disagree or a dimension is negative
     */
    public StateTensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long size = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= dim;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values but data has " + data.length);
        }
    }

    /**
     * A scalar (shape {@code []}).
     *
     * @param value the value
     * @return the tensor
     */
    public static StateTensor scalar(float value) {
        return new StateTensor(new long[0], new float[] {value});
    }

    // Arrays compare by identity in records; state comparisons in tests and resume checks need values.
    @Override
    public boolean equals(Object other) {
        return other instanceof StateTensor that
                && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "StateTensor" + Arrays.toString(shape);
    }
}
