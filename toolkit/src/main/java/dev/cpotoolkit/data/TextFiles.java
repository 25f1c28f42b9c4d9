package dev.cpotoolkit.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a data file as UTF-8 text, turning every failure into a whole-input {@link DatasetFormatException}. */
final class TextFiles {

    private TextFiles() {
    }

    /**
     * Reads the whole file; a leading byte order mark is dropped; malformed UTF-8 is an error
     * rather than replaced silently.
     *
     * @param file the file
     * @return its text
     */
    static String read(Path file) {
        if (Files.isDirectory(file)) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "is a directory, not a data file", null);
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "file not found", e);
        } catch (CharacterCodingException e) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "cannot read the file: " + e, e);
        }
    }

    /**
     * Fails with "empty file" when the text holds nothing but whitespace.
     *
     * @param file the file, for the message
     * @param text its text
     */
    static void requireContent(Path file, String text) {
        if (text.isBlank()) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "empty file: no rows", null);
        }
    }
}
