package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** TRL's {@code dataset_num_proc}: more tokenizing threads, the same dataset in the same order. */
class DatasetNumProcTest {

    @Test
    void threadsGiveTheSamePairsInTheSameOrder() {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            List<PreferenceExample> rows = new ArrayList<>();
            for (int copy = 0; copy < 5; copy++) {
                for (int i = 0; i < fixture.dataset.size(); i++) {
                    PreferenceExample row = fixture.dataset.get(i);
                    rows.add(new PreferenceExample(row.prompt() + " " + copy, row.chosen(), row.rejected()));
                }
            }
            PreferenceDataset many = PreferenceDataset.fromExamples(rows);
            CPOConfig.Builder settings = CPOConfig.builder().maxLength(64).maxPromptLength(32);
            TokenizedDataset one = TokenizedDataset.of(many, fixture.tokenizer, settings.build());
            TokenizedDataset three = TokenizedDataset.of(many, fixture.tokenizer, settings.datasetNumProc(3).build());
            assertEquals(one.size(), three.size());
            for (int i = 0; i < one.size(); i++) {
                assertEquals(one.pair(i), three.pair(i), "pair " + i);
            }
        }
    }
}
