package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpotoolkit.data.PreferenceExample;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Truncation is counted and reported, never silent. */
class TruncationCountTest {

    @Test
    void everyPairCutToMaxLengthTwoIsCounted() {
        List<PreferenceExample> prefs = Fixtures.prefs();
        try (PreferenceTokenizer tok = PreferenceTokenizer.load(Fixtures.model("tiny-gpt2"))) {
            TokenizationResult tiny = new RowTokenizer(tok, TokenizationSettings.of(2, 1, TruncationMode.KEEP_END))
                    .tokenizeAll(prefs, "prefs");
            assertEquals(prefs.size(), tiny.pairs().size());
            assertEquals(prefs.size(), tiny.truncatedCount());
            assertTrue(tiny.pairs().stream().allMatch(TokenizedPair::truncated));
            assertTrue(tiny.report().contains(prefs.size() + " truncated"), tiny.report());

            TokenizationResult roomy = new RowTokenizer(tok, TokenizationSettings.of(4096, 2048,
                    TruncationMode.KEEP_END)).tokenizeAll(prefs, "prefs");
            assertEquals(0, roomy.truncatedCount());
            assertFalse(roomy.pairs().get(0).truncated());
        }
    }

    @Test
    void policyTellsWhetherItCut() {
        TruncationPolicy policy = new TruncationPolicy(TokenizationSettings.of(4, 2, TruncationMode.KEEP_END));
        assertFalse(policy.apply(new int[] {1}, new int[] {2, 3}, new int[] {4}).truncated());
        assertTrue(policy.apply(new int[] {1, 2, 3}, new int[] {2, 3}, new int[] {4}).truncated());
        TruncationPolicy completion = new TruncationPolicy(TokenizationSettings.of(64, 2, TruncationMode.KEEP_END)
                .withMaxCompletionLength(1));
        assertTrue(completion.apply(new int[] {1}, new int[] {2, 3}, new int[] {4}).truncated());
    }
}
