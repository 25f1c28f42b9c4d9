package dev.cpotoolkit.data;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads JSON Lines: one JSON object per line. Blank lines are ignored (many tools end files with
 * one); any other line that is not a JSON object becomes an unreadable row at that line.
 *
 * <p>The file is streamed a line at a time, and a line longer than the limit is skipped over
 * without being held in memory: it becomes an unreadable row, so one runaway line neither
 * exhausts the heap nor hides the rows after it.
 */
final class JsonlReader {

    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final int maxLineBytes;
    private final List<RawRow> rows = new ArrayList<>();
    /** The current line's bytes, kept only up to {@link #maxLineBytes}. */
    private byte[] line = new byte[256];
    private int lineLength;
    /** The line's true length, which exceeds {@link #lineLength} when the line is over the limit. */
    private long lineBytes;
    private long lineStart;
    private int lineNumber = 1;

    private JsonlReader(Path file, int maxLineBytes) {
        this.file = file;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads every row of the file.
     *
     * @param file         the file
     * @param maxLineBytes the longest line accepted, in bytes without the line break
     * @return the rows, unreadable ones included
     */
    static List<RawRow> read(Path file, int maxLineBytes) {
        TextFiles.requireFile(file);
        JsonlReader reader = new JsonlReader(file, maxLineBytes);
        try (InputStream in = Files.newInputStream(file)) {
            reader.scan(in);
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "file not found", e);
        } catch (IOException e) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "cannot read the file: " + e, e);
        }
        if (reader.rows.isEmpty()) {
            throw TextFiles.emptyFile(file);
        }
        return reader.rows;
    }

    /** Splits the stream at LF, CRLF and lone CR, as {@code String.split("\r\n|\n|\r")} did. */
    private void scan(InputStream in) throws IOException {
        byte[] chunk = new byte[CHUNK];
        long offset = 0;
        boolean afterCr = false;
        int read;
        while ((read = in.read(chunk)) > 0) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                byte b = chunk[i];
                if (b != '\n' && b != '\r') {
                    continue;
                }
                if (b == '\n' && afterCr && i == start && lineBytes == 0) {
                    // the LF of a CRLF: the line already ended at the CR
                    afterCr = false;
                    start = i + 1;
                    lineStart = offset + i + 1;
                    continue;
                }
                append(chunk, start, i);
                endLine();
                afterCr = b == '\r';
                start = i + 1;
                lineStart = offset + i + 1;
            }
            if (start < read) {
                append(chunk, start, read);
                afterCr = false;
            }
            offset += read;
        }
        if (lineBytes > 0) {
            endLine();
        }
    }

    private void append(byte[] chunk, int from, int to) {
        int count = to - from;
        lineBytes += count;
        int room = maxLineBytes - lineLength;
        int kept = Math.min(count, Math.max(room, 0));
        if (kept > 0) {
            if (lineLength + kept > line.length) {
                line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(2L * line.length, lineLength + kept)));
            }
            System.arraycopy(chunk, from, line, lineLength, kept);
            lineLength += kept;
        }
    }

    private void endLine() {
        int number = lineNumber++;
        long bytes = lineBytes;
        int length = lineLength;
        lineBytes = 0;
        lineLength = 0;
        ExampleSource source = new ExampleSource(file, file.toString(), rows.size(), number);
        if (bytes > maxLineBytes) {
            rows.add(RawRow.unreadable(source, "the line is longer than " + maxLineBytes + " bytes (" + bytes
                    + "), 8 times the limit on one field's characters; raise it with"
                    + " PreferenceLoader.maxFieldChars(int) if such rows are intended"));
            return;
        }
        int from = number == 1 && startsWithBom(length) ? 3 : 0;
        String text = TextFiles.decode(file, line, from, length, lineStart + from, number);
        if (text.isBlank()) {
            return;
        }
        rows.add(parse(source, text));
    }

    private boolean startsWithBom(int length) {
        return length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF;
    }

    private static RawRow parse(ExampleSource source, String text) {
        try {
            JsonElement value = StrictJson.parse(text);
            if (value.isJsonObject()) {
                return RawRow.of(source, value.getAsJsonObject());
            }
            return RawRow.unreadable(source, "expected a JSON object, found " + StrictJson.describe(value));
        } catch (JsonProblem e) {
            return RawRow.unreadable(source, e.aboutValue() ? fieldOf(e.path()) : null, e.describe());
        }
    }

    /** Gson's {@code $.chosen[0].content} as the toolkit names fields: {@code chosen[0].content}. */
    static String fieldOf(String path) {
        String field = path.startsWith("$") ? path.substring(1) : path;
        field = field.startsWith(".") ? field.substring(1) : field;
        return field.isEmpty() ? null : field;
    }
}
