package dev.cpotoolkit.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a data file as UTF-8 text, turning every failure into a whole-input {@link DatasetFormatException}. */
final class TextFiles {

    /**
     * The largest .json or .csv file read. Those formats are parsed whole, so the text and its
     * parsed values must fit in memory together; JSON Lines is read a line at a time instead.
     */
    static final long MAX_WHOLE_FILE_BYTES = 1L << 30;

    private TextFiles() {
    }

    /**
     * Reads the whole file; a leading byte order mark is dropped; malformed UTF-8 is an error
     * naming the line and byte offset rather than replaced silently.
     *
     * @param file the file
     * @return its text
     */
    static String read(Path file) {
        requireFile(file);
        try {
            long size = Files.size(file);
            if (size > MAX_WHOLE_FILE_BYTES) {
                throw DatasetFormatException.forInput(file, file.toString(), null, "the file has " + size
                        + " bytes, more than the " + MAX_WHOLE_FILE_BYTES + " a .json or .csv file may have (it is"
                        + " read whole); convert it to JSON Lines (.jsonl), which is read a line at a time", null);
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = decode(file, bytes, 0, bytes.length, 0, 1);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "file not found", e);
        } catch (IOException e) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "cannot read the file: " + e, e);
        }
    }

    /**
     * Fails as {@link #read} does for a directory.
     *
     * @param file the path to read
     */
    static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "is a directory, not a data file", null);
        }
    }

    /**
     * Decodes bytes as strict UTF-8.
     *
     * @param file       the file, for the message
     * @param bytes      the buffer
     * @param from       first byte to decode
     * @param to         one past the last byte
     * @param fileOffset the offset in the file of {@code bytes[from]}
     * @param firstLine  the 1-based line {@code bytes[from]} is on
     * @return the text
     * @throws DatasetFormatException at the line of the first invalid byte, with its file offset
     */
    static String decode(Path file, byte[] bytes, int from, int to, long fileOffset, int firstLine) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = firstLine + lineBreaks(bytes, from, bad);
            throw DatasetFormatException.forInputAt(file, line, -1, null, String.format(
                    "not valid UTF-8 text: byte 0x%02X at byte offset %d; save the file as UTF-8",
                    bytes[bad] & 0xFF, fileOffset + (bad - from)), null);
        }
        return out.flip().toString();
    }

    /** Counts line ends (LF, CRLF, lone CR) in {@code bytes[from, to)}. */
    private static int lineBreaks(byte[] bytes, int from, int to) {
        int breaks = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= to || bytes[i + 1] != '\n'))) {
                breaks++;
            }
        }
        return breaks;
    }

    /**
     * Fails with "empty file" when the text holds nothing but whitespace.
     *
     * @param file the file, for the message
     * @param text its text
     */
    static void requireContent(Path file, String text) {
        if (text.isBlank()) {
            throw emptyFile(file);
        }
    }

    /**
     * The error for a file without rows.
     *
     * @param file the file
     * @return the exception
     */
    static DatasetFormatException emptyFile(Path file) {
        return DatasetFormatException.forInput(file, file.toString(), null, "empty file: no rows", null);
    }
}
