package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dataset tokenized with a tiny max_length says how many pairs were cut, and which. */
class TruncationWarningTest {

    @Test
    void truncatedPairsAreCountedAndNamed() {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            PreferenceDataset data = fixture.dataset;
            TokenizedDataset cut = TokenizedDataset.of(data, fixture.tokenizer,
                    CPOConfig.builder().maxLength(2).maxPromptLength(1).build());
            assertEquals(data.size(), cut.truncatedCount());
            String warning = cut.truncationSummary().orElseThrow();
            assertTrue(warning.startsWith("truncated " + data.size() + " of " + data.size()
                    + " pairs to max_length = 2 (max_prompt_length = 1"), warning);
            assertTrue(warning.contains(data.sourceOf(0).describe()), warning);

            TokenizedDataset whole = TokenizedDataset.of(data, fixture.tokenizer,
                    CPOConfig.builder().maxLength(4096).maxPromptLength(2048).build());
            assertEquals(0, whole.truncatedCount());
            assertTrue(whole.truncationSummary().isEmpty());
        }
    }
}
