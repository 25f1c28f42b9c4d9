package dev.cpotoolkit.model.checkpoint;

import java.util.Locale;

/**
 * The element types a safetensors header may name, with their width on disk.
 * Only the floating types and the integer types a causal-LM checkpoint or our
 * fixtures use can be read as numbers; the rest are recognised so that an error
 * can say exactly what was found.
 */
public enum SafetensorsDType {
    F64(8, "float64"), F32(4, "float32"), F16(2, "float16"), BF16(2, "bfloat16"), I64(8, "int64"),
    I32(4, "int32"), I16(2, "int16"), I8(1, "int8"), U8(1, "uint8"), BOOL(1, "bool");

    private final int bytes;
    private final String torchName;

    SafetensorsDType(int bytes, String torchName) {
        this.bytes = bytes;
        this.torchName = torchName;
    }

    /**
     * The PyTorch name of this type without the {@code torch.} prefix, as
     * {@code config.json}'s {@code torch_dtype} spells it: {@code "bfloat16"}.
     */
    public String torchName() {
        return torchName;
    }

    /** True for the types the writers can store float32 values as: F32, BF16 and F16. */
    public boolean isWritable() {
        return this == F32 || this == BF16 || this == F16;
    }

    /**
     * Returns {@code dtype} when the writers can store it.
     *
     * @throws IllegalArgumentException naming the type otherwise
     */
    static SafetensorsDType checkWritable(SafetensorsDType dtype) {
        if (dtype == null || !dtype.isWritable()) {
            throw new IllegalArgumentException("weights can be saved as F32, BF16 or F16, not " + dtype);
        }
        return dtype;
    }

    /** Bytes per element on disk. */
    public int bytes() {
        return bytes;
    }

    /** True for F64, F32, F16 and BF16. */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * Parses a header dtype string such as {@code "BF16"}.
     *
     * @return the dtype, or {@code null} when the name is unknown (the caller
     *     reports it with the file and tensor name)
     */
    public static SafetensorsDType parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
