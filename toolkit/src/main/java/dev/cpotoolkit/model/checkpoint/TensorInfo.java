package dev.cpotoolkit.model.checkpoint;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header: its name, element type, shape and
 * byte range. Offsets count from the first byte after the header, as the format
 * specifies.
 *
 * @param name  the tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype element type on disk
 * @param shape dimensions, outermost first (empty for a scalar)
 * @param begin first byte, relative to the data section
 * @param end   one past the last byte, relative to the data section
 */
public record TensorInfo(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {

    /** Copies the shape so the record stays immutable. */
    public TensorInfo {
        shape = shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Bytes the data occupies. */
    public long byteLength() {
        return end - begin;
    }

    /** The shape, copied. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name) && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && begin == that.begin && end == that.end;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
