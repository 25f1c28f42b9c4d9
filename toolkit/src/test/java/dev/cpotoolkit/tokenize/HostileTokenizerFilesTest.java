package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Deeply nested tokenizer files are bad input naming the file, not a {@link StackOverflowError}. */
class HostileTokenizerFilesTest {

    private static final int DEPTH = 100_000;

    @Test
    void deeplyNestedTokenizerJsonNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\": " + "[".repeat(DEPTH) + "]".repeat(DEPTH) + "}");
        TokenizationException e = assertThrows(TokenizationException.class,
                () -> PreferenceTokenizer.load(file, HfTokenizerConfig.empty()));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void deeplyNestedTokenizerConfigNamesTheFile(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.model("tiny-gpt2").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"extra\": " + "{\"a\": ".repeat(DEPTH) + "1" + "}".repeat(DEPTH) + "}");
        TokenizationException e = assertThrows(TokenizationException.class, () -> PreferenceTokenizer.load(dir));
        assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }
}
