package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cpotoolkit.data.PreferenceExample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

/**
 * The prompt/answer boundary with a byte-level BPE whose merges cross it (test resource
 * {@code tokenize/bytelevel-bpe}): "hello wor" alone is [hello, Ġwor], "hello world" is
 * [hello, Ġworld].
 */
class ByteLevelBoundaryTest {

    private static final int EOT = 0;
    private static PreferenceTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = PreferenceTokenizer.load(Fixtures.resource("tokenize/bytelevel-bpe"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static int id(String token) {
        return tokenizer.tokenId(token).orElseThrow();
    }

    private static TokenizedPair tokenize(String prompt, String chosen, String rejected) {
        return new RowTokenizer(tokenizer, TokenizationSettings.defaults())
                .tokenize(new PreferenceExample(prompt, chosen, rejected), 0);
    }

    @Test
    void tokenizerMergesAcrossTheBoundary() {
        assertArrayEquals(new int[] {id("hello"), id("Ġwor")}, tokenizer.encode("hello wor"));
        assertArrayEquals(new int[] {id("hello"), id("Ġworld")}, tokenizer.encode("hello world"));
        assertArrayEquals(new int[] {id("hello"), id("Ġwor"), id("m")}, tokenizer.encode("hello worm"));
        assertEquals("hello world", tokenizer.decode(tokenizer.encode("hello world")));
        // GPT-2 style: BOS = EOS, no pad token, so padding falls back to EOS.
        assertEquals(EOT, tokenizer.bosTokenId().getAsInt());
        assertEquals(EOT, tokenizer.eosTokenId().getAsInt());
        assertFalse(tokenizer.padTokenId().isPresent());
        assertEquals(EOT, tokenizer.paddingValue());
        assertEquals(19, tokenizer.vocabularySize());
    }

    @Test
    void noMergeSplitsAtThePromptLikeTrl() {
        TokenizedPair p = tokenize("hello", " world", " worm");
        assertArrayEquals(new int[] {EOT, id("hello")}, p.promptIds());
        assertArrayEquals(new int[] {EOT, id("hello"), id("Ġworld"), EOT}, p.chosenInputIds());
        assertArrayEquals(new int[] {-100, -100, id("Ġworld"), EOT}, p.chosenLabels());
        assertArrayEquals(new int[] {EOT, id("hello"), id("Ġwor"), id("m"), EOT}, p.rejectedInputIds());
        assertEquals(0, p.mergedPromptTokens());
    }

    @Test
    void mergedLastPromptTokenMovesIntoBothAnswersAndIsReported() {
        // chosen "ld" merges with the prompt's "Ġwor"; rejected "m" does not.
        TokenizedPair p = tokenize("hello wor", "ld", "m");
        // One shared prompt: the prefix of encode(prompt) that both joint encodings start with.
        assertArrayEquals(new int[] {EOT, id("hello")}, p.promptIds());
        assertEquals(1, p.mergedPromptTokens());
        // Each row is BOS + the tokenizer's own encoding of the full text + EOS: no invented ids.
        assertArrayEquals(withBosEos(tokenizer.encode("hello world")), p.chosenInputIds());
        assertArrayEquals(withBosEos(tokenizer.encode("hello worm")), p.rejectedInputIds());
        assertArrayEquals(new int[] {-100, -100, id("Ġworld"), EOT}, p.chosenLabels());
        assertArrayEquals(new int[] {-100, -100, id("Ġwor"), id("m"), EOT}, p.rejectedLabels());
        // Prefix-consistent split: both rows start with the prompt, and decode to the full text.
        for (int[] row : List.of(p.chosenInputIds(), p.rejectedInputIds())) {
            assertArrayEquals(p.promptIds(), Arrays.copyOf(row, p.promptIds().length));
        }
        assertEquals("hello world", tokenizer.decode(p.chosenInputIds(), true));
        assertEquals("hello worm", tokenizer.decode(p.rejectedInputIds(), true));

        TokenizationResult result = new RowTokenizer(tokenizer, TokenizationSettings.defaults())
                .tokenizeAll(List.of(new PreferenceExample("hello wor", "ld", "m")));
        assertEquals(1, result.boundaryMergeCount());
    }

    @Test
    void promptStartingWithBosTextGetsNoSecondBos() {
        TokenizedPair p = tokenize("<|endoftext|>hello", " world", " worm");
        assertArrayEquals(new int[] {EOT, id("hello")}, p.promptIds());
    }

    private static int[] withBosEos(int[] ids) {
        int[] out = new int[ids.length + 2];
        out[0] = EOT;
        System.arraycopy(ids, 0, out, 1, ids.length);
        out[out.length - 1] = EOT;
        return out;
    }
}
