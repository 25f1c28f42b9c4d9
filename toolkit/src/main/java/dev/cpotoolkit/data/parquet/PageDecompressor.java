package dev.cpotoolkit.data.parquet;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.parquet.format.CompressionCodec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Undoes a page's compression. Snappy, Zstd and LZ4 (raw) come from
 * aircompressor, in pure Java: no native library to unpack, and nothing that
 * a Jupyter kernel's own class path could shadow (pyarrow writes Snappy by
 * default, {@code datasets} Snappy too, and Zstd on request). Gzip is the JDK's.
 */
final class PageDecompressor {

    private PageDecompressor() {}

    static byte[] decompress(CompressionCodec codec, byte[] input, int uncompressedSize) throws IOException {
        return switch (codec) {
            case UNCOMPRESSED -> input;
            case SNAPPY -> run(new SnappyDecompressor(), input, uncompressedSize);
            case ZSTD -> run(new ZstdDecompressor(), input, uncompressedSize);
            case LZ4_RAW -> run(new Lz4Decompressor(), input, uncompressedSize);
            case GZIP -> gunzip(input, uncompressedSize);
            default -> throw new ParquetException("compression " + codec + " is not supported (supported:"
                    + " UNCOMPRESSED, SNAPPY, ZSTD, GZIP, LZ4_RAW)");
        };
    }

    private static byte[] run(Decompressor decompressor, byte[] input, int uncompressedSize) {
        byte[] output = new byte[uncompressedSize];
        int written = decompressor.decompress(input, 0, input.length, output, 0, output.length);
        if (written != uncompressedSize) {
            throw new ParquetException("page decompressed to " + written + " bytes, its header says "
                    + uncompressedSize);
        }
        return output;
    }

    private static byte[] gunzip(byte[] input, int uncompressedSize) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
            byte[] output = in.readNBytes(uncompressedSize);
            if (output.length != uncompressedSize) {
                throw new ParquetException("page decompressed to " + output.length + " bytes, its header says "
                        + uncompressedSize);
            }
            return output;
        }
    }
}
