package dev.cpotoolkit.model.checkpoint;

import java.util.Locale;

/**
 * The element types a safetensors header may name, with their width on disk.
 * Only the floating types and the integer types a causal-LM checkpoint or our
 * fixtures use can be read as numbers; the rest are recognised so that an error
 * can say exactly what was found.
 */
public enum SafetensorsDType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
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
