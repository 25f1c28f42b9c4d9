package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpotoolkit.data.PreferenceExample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Examples that cannot become valid rows: errors name index, source and lengths; the skip opt-in
 * reports exactly which were dropped and why. Uses the byte-level tokenizer with a config that
 * has no BOS/EOS, the only way an answer can end up with no label token under valid settings.
 */
class RowTokenizerErrorsTest {

    private static PreferenceTokenizer bare;

    @BeforeAll
    static void load() {
        bare = PreferenceTokenizer.load(
                Fixtures.resource("tokenize/bytelevel-bpe/tokenizer.json"), HfTokenizerConfig.empty());
    }

    @AfterAll
    static void close() {
        bare.close();
    }

    private static List<PreferenceExample> examples() {
        return List.of(
                new PreferenceExample("hello", " world", " worm"),     // fine
                new PreferenceExample("hello", "", " world"),          // empty chosen, no EOS
                new PreferenceExample("", "hello", "hello world"),     // chosen: 1 token at position 0
                new PreferenceExample("hello wor", "ld", "m"));        // fine (boundary merge)
    }

    @Test
    void invalidExampleErrorNamesIndexSourceAndLengths() {
        RowTokenizer rows = new RowTokenizer(bare, TokenizationSettings.defaults());
        InvalidExampleException e = assertThrows(InvalidExampleException.class,
                () -> rows.tokenizeAll(examples(), "toy.jsonl"));
        assertEquals(1, e.details().index());
        assertEquals("toy.jsonl", e.details().source());
        assertEquals(0, e.details().chosenLength());
        String message = e.getMessage();
        assertTrue(message.contains("Example 1 of toy.jsonl"), message);
        assertTrue(message.contains("chosen answer has no label token"), message);
        assertTrue(message.contains("prompt 1 tokens, chosen answer 0, rejected answer 1, maxLength 1024"),
                message);
        assertTrue(message.contains("skipTooLong"), message);
    }

    @Test
    void skipOptInReportsExactlyWhichExamplesWereDroppedAndWhy() {
        RowTokenizer rows = new RowTokenizer(bare, TokenizationSettings.defaults().withSkipTooLong(true));
        TokenizationResult result = rows.tokenizeAll(examples(), "toy.jsonl");
        assertEquals(List.of(0, 3), result.pairs().stream().map(TokenizedPair::index).toList());
        assertEquals(List.of(1, 2), result.skipped().stream().map(SkippedExample::index).toList());
        SkippedExample second = result.skipped().get(1);
        // Empty prompt, no BOS: the single chosen token sits at position 0 and nothing predicts it.
        assertEquals("the chosen answer has no label token left to train on", second.reason());
        assertEquals(0, second.promptLength());
        assertEquals(1, second.chosenLength());
        String report = result.report();
        assertTrue(report.startsWith("2 examples tokenized, 2 skipped"), report);
        assertTrue(report.contains("skipped: Example 1 of toy.jsonl"), report);
        assertTrue(report.contains("skipped: Example 2 of toy.jsonl"), report);
    }

    @Test
    void withoutBosAndEosRowsAreThePlainJointEncoding() {
        TokenizedPair p = new RowTokenizer(bare, TokenizationSettings.defaults())
                .tokenize(new PreferenceExample("hello", " world", " worm"), 5);
        assertEquals(5, p.index());
        assertArrayEquals(bare.encode("hello world"), p.chosenInputIds());
        assertThrows(TokenizationException.class, bare::paddingValue);
    }

    @Test
    void tooLongGuardNamesLengths() {
        // Unreachable through TRL's rules with validated settings; guarded anyway.
        SkippedExample s = RowTokenizer.check(4, "big.jsonl", 10, 9, 3, 16).orElseThrow();
        assertEquals("Example 4 of big.jsonl: a sequence has 19 tokens after truncation, more than "
                + "maxLength (prompt 10 tokens, chosen answer 9, rejected answer 3, maxLength 16)",
                s.describe());
        assertTrue(RowTokenizer.check(0, null, 8, 8, 1, 16).isEmpty());
        assertEquals("the rejected answer has no label token left to train on",
                RowTokenizer.check(0, null, 8, 8, 0, 16).orElseThrow().reason());
    }
}
