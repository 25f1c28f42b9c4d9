package dev.cpotoolkit.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: each record is
 * its length as a little-endian uint64, the masked CRC-32C of those eight
 * bytes, the data, and the masked CRC-32C of the data. Masking (rotate right
 * by 15 bits, add {@code 0xa282ead8}) keeps a CRC of data that itself holds
 * CRCs from being mistaken for one.
 */
public final class TfRecords {

    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {}

    /** Writes {@code data} as one record. */
    public static void write(OutputStream out, byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        out.write(length);
        out.write(littleEndian(maskedCrc(length)));
        out.write(data);
        out.write(littleEndian(maskedCrc(data)));
    }

    /** The masked CRC-32C (Castagnoli) of {@code bytes}, as TFRecord stores it. */
    public static int maskedCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }

    private static byte[] littleEndian(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
