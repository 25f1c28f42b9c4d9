package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loading: clear errors for missing or malformed files; DJL's defaults really off. */
class PreferenceTokenizerTest {

    @Test
    void missingTokenizerJsonErrorNamesThePath(@TempDir Path dir) {
        TokenizationException e = assertThrows(TokenizationException.class,
                () -> PreferenceTokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer.json").toAbsolutePath().toString()),
                e.getMessage());
    }

    @Test
    void malformedTokenizerConfigNextToTokenizerNamesTheFile(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.model("tiny-gpt2").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{not json");
        TokenizationException e = assertThrows(TokenizationException.class,
                () -> PreferenceTokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer_config.json").toString()), e.getMessage());
    }

    @Test
    void malformedTokenizerJsonNamesTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": 42}");
        TokenizationException e = assertThrows(TokenizationException.class,
                () -> PreferenceTokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer.json").toString()), e.getMessage());
    }

    @Test
    void noDjlTruncationPaddingOrSpecialTokens() {
        try (PreferenceTokenizer tok = PreferenceTokenizer.load(Fixtures.model("tiny-gpt2").resolve("tokenizer.json"))) {
            // 600 words: DJL's default would truncate at 512; none of it may add BOS/EOS or pad.
            String text = "the capital ".repeat(300).trim();
            int[] ids = tok.encode(text);
            assertEquals(600, ids.length);
            assertEquals(tok.tokenId("the").getAsInt(), ids[0]);
            assertEquals(tok.tokenId("capital").getAsInt(), ids[599]);
            assertEquals(0, tok.encode("").length);
            assertTrue(tok.source().isAbsolute());
            assertEquals(64, tok.config().modelMaxLength().getAsInt());
        }
    }
}
