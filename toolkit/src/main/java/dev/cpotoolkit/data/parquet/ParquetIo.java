package dev.cpotoolkit.data.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads that fill their buffer or say why not. */
final class ParquetIo {

    private ParquetIo() {}

    static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        if (position < 0 || length < 0 || position + length > channel.size()) {
            throw new EOFException("bytes " + position + ".." + (position + length) + " lie outside the file ("
                    + channel.size() + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("file ended at " + (position + buffer.position()));
            }
        }
        return buffer.array();
    }
}
