package dev.cpotoolkit.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.stream.IntStream;

/** TRL's truncation order on plain arrays, maxCompletionLength, and settings validation. */
class TruncationPolicyTest {

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    @Test
    void answerLengthIsNotRecomputedAfterThePromptCut() {
        // Like fixture row 6: a 3-id prompt never needs cutting, yet both answers go to L - P = 8.
        TruncationPolicy policy = new TruncationPolicy(TokenizationSettings.of(16, 8, TruncationMode.KEEP_END));
        TruncationPolicy.Truncated t = policy.apply(range(0, 3), range(100, 116), range(200, 203));
        assertArrayEquals(range(0, 3), t.prompt());
        assertArrayEquals(range(100, 108), t.chosen());
        assertArrayEquals(range(200, 203), t.rejected());
    }

    @Test
    void keepEndAndKeepStartCutThePromptFirst() {
        int[] prompt = range(0, 12);
        TruncationPolicy end = new TruncationPolicy(TokenizationSettings.of(16, 8, TruncationMode.KEEP_END));
        TruncationPolicy start = new TruncationPolicy(TokenizationSettings.of(16, 8, TruncationMode.KEEP_START));
        assertArrayEquals(range(4, 12), end.apply(prompt, range(100, 106), range(200, 202)).prompt());
        assertArrayEquals(range(0, 8), start.apply(prompt, range(100, 106), range(200, 202)).prompt());
        // Fits once the prompt is cut: the answers stay whole.
        assertEquals(6, end.apply(prompt, range(100, 106), range(200, 202)).chosen().length);
        // Nothing too long: nothing cut.
        assertArrayEquals(prompt, end.apply(prompt, range(100, 104), range(200, 202)).prompt());
    }

    @Test
    void maxCompletionLengthCutsAnswersBeforeTheLengthRules() {
        TokenizationSettings s = TokenizationSettings.of(16, 8, TruncationMode.KEEP_END)
                .withMaxCompletionLength(4);
        TruncationPolicy.Truncated t = new TruncationPolicy(s).apply(range(0, 12), range(100, 110), range(200, 202));
        assertArrayEquals(range(100, 104), t.chosen());
        // prompt 12 + A 4 = 16 fits, so the prompt is not cut (A is measured after the answer cut).
        assertEquals(12, t.prompt().length);
        assertArrayEquals(range(200, 202), t.rejected());
    }

    @Test
    void resultAlwaysFitsForEveryValidSetting() {
        for (int l = 2; l <= 12; l++) {
            for (int p = 1; p < l; p++) {
                for (TruncationMode mode : TruncationMode.values()) {
                    TruncationPolicy policy = new TruncationPolicy(TokenizationSettings.of(l, p, mode));
                    for (int n = 0; n <= 14; n += 3) {
                        for (int a = 1; a <= 14; a += 2) {
                            TruncationPolicy.Truncated t = policy.apply(range(0, n), range(0, a), range(0, 1));
                            assertTrue(t.prompt().length + t.chosen().length <= l);
                            assertTrue(t.chosen().length >= 1 && t.rejected().length >= 1);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0, 8, , maxLength must be positive",
        "16, 0, , maxPromptLength must be positive",
        "16, 16, , maxPromptLength (16) must be smaller than maxLength (16)",
        "16, 32, , maxPromptLength (32) must be smaller than maxLength (16)",
        "16, 8, 0, maxCompletionLength must be positive or null"
    })
    void invalidSettingsAreRejectedWithTheSettingName(int maxLength, int maxPrompt, Integer maxCompletion,
            String message) {
        TokenizationException e = assertThrows(TokenizationException.class, () -> new TokenizationSettings(
                maxLength, maxPrompt, maxCompletion, TruncationMode.KEEP_END, -100, false));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void otherInvalidSettings() {
        assertThrows(TokenizationException.class, () -> TokenizationSettings.defaults().withLabelPadTokenId(0));
        assertThrows(TokenizationException.class, () -> TokenizationSettings.defaults().withTruncationMode(null));
        TokenizationException e = assertThrows(TokenizationException.class,
                () -> TruncationMode.fromName("keep_middle"));
        assertTrue(e.getMessage().contains("keep_middle"));
        assertEquals(TruncationMode.KEEP_START, TruncationMode.fromName("keep-start"));
        assertEquals("keep_end", TokenizationSettings.defaults().truncationMode().trlName());
        assertEquals(1024, TokenizationSettings.defaults().maxLength());
        assertEquals(512, TokenizationSettings.defaults().maxPromptLength());
    }
}
