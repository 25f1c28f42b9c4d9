package dev.cpotoolkit.data.parquet;

import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads and checks a Parquet file's footer: {@code PAR1} at both ends, then
 * the Thrift-encoded {@code FileMetaData} whose length sits just before the
 * closing magic. Every way this can be wrong (a truncated download, an HTML
 * error page saved under a {@code .parquet} name, an encrypted file) is a
 * {@link ParquetException} saying what was found.
 */
final class ParquetFooter {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);
    /** Magic, footer length, magic. */
    private static final int MIN_SIZE = MAGIC.length + 4 + MAGIC.length;

    private ParquetFooter() {}

    static FileMetaData read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < MIN_SIZE + MAGIC.length) {
            throw new ParquetException("corrupt Parquet footer: the file has " + size
                    + " bytes, too few for a Parquet file");
        }
        byte[] head = ParquetIo.readFully(channel, 0, MAGIC.length);
        byte[] tail = ParquetIo.readFully(channel, size - 8, 8);
        byte[] tailMagic = java.util.Arrays.copyOfRange(tail, 4, 8);
        if (java.util.Arrays.equals(tailMagic, ENCRYPTED_MAGIC)) {
            throw new ParquetException("encrypted Parquet footer (PARE): encrypted files are not supported");
        }
        if (!java.util.Arrays.equals(head, MAGIC) || !java.util.Arrays.equals(tailMagic, MAGIC)) {
            throw new ParquetException("corrupt Parquet footer: the file does not start and end with PAR1"
                    + " (a truncated download, or not a Parquet file)");
        }
        long footerLength = Integer.toUnsignedLong(ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        long footerStart = size - 8 - footerLength;
        if (footerLength == 0 || footerStart < MAGIC.length) {
            throw new ParquetException("corrupt Parquet footer: its length field says " + footerLength
                    + " bytes in a file of " + size);
        }
        byte[] footer = ParquetIo.readFully(channel, footerStart, (int) footerLength);
        try {
            return Util.readFileMetaData(new ByteArrayInputStream(footer));
        } catch (IOException | RuntimeException unreadable) {
            throw new ParquetException("corrupt Parquet footer: its metadata does not decode ("
                    + unreadable.getMessage() + ")", unreadable);
        }
    }
}
