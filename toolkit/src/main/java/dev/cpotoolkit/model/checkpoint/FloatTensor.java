package dev.cpotoolkit.model.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 tensor held in Java memory: a shape and its row-major values. It is
 * what the writers take and what a model hands over when it is saved.
 *
 * <p>The shape is copied (it is tiny); the data array is <em>not</em>, because
 * weight tensors can be hundreds of megabytes. Do not change {@code data} while
 * a writer is using it.
 *
 * @param shape dimensions, outermost first (empty for a scalar); none negative
 * @param data  the values, row-major; its length must equal the product of {@code shape}
 */
public record FloatTensor(long[] shape, float[] data) {

    /**
     * Validates the shape against the data.
     *
     * @throws IllegalArgumentException if a dimension is negative or the product
     *     of the shape differs from {@code data.length}
     */
    public FloatTensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large", overflow);
            }
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but data has " + data.length);
        }
    }

    /** A one-dimensional tensor over {@code data}. */
    public static FloatTensor of(float... data) {
        return new FloatTensor(new long[] {data.length}, data);
    }

    /** The shape, copied. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (the data length). */
    public int elementCount() {
        return data.length;
    }

    /** Bytes the tensor takes as F32 on disk. */
    public long byteLength() {
        return 4L * data.length;
    }

    /** Bytes the tensor takes on disk when stored as {@code dtype}: two per element for BF16 and F16. */
    public long byteLength(SafetensorsDType dtype) {
        return (long) dtype.bytes() * data.length;
    }

    /** Equal when shapes are equal and the values are bit-identical. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FloatTensor that
                && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** The shape only: printing every value of a weight matrix helps nobody. */
    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
