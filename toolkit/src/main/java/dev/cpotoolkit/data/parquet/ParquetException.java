package dev.cpotoolkit.data.parquet;

/**
 * A Parquet file that cannot be read; the message says where (footer, row
 * group, column) and {@link ParquetFile} adds the file. Unchecked.
 */
public class ParquetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public ParquetException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ParquetException(String message, Throwable cause) {
        super(message, cause);
    }
}
