package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's SFT mode: NLL of the reference (chosen) answer only, same loop as CPO. */
class SftModeTest {

    private static final PreferenceDataset PAIRS = PreferenceDataset.fromExamples(List.of(
            new PreferenceExample("translate: the cat =>", " lo miro", " la miro"),
            new PreferenceExample("translate: a dog sees =>", " un hanu vide", " un vide"),
            new PreferenceExample("hello", " hi nice to meet you", " leave me alone")));

    @Test
    void sftLossIsThePooledTokenNllOfTheReferenceAndIgnoresRejected(@TempDir Path dir) {
        Path folder = ModelPresets.writeTinyFolder(dir.resolve("tiny"), 3);
        try (CausalLM model = CausalLM.load(folder); PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            CPOConfig config = config(dir, 1);
            Map<String, Double> sft = trainer(model, tokenizer, config, true).evaluate(PAIRS);
            // CPO's nll_loss term (checked against TRL's fixtures elsewhere) is the same pooled NLL.
            Map<String, Double> cpo = trainer(model, tokenizer, config, false).evaluate(PAIRS);
            assertEquals(cpo.get("eval_nll_loss"), sft.get("eval_loss"), 1e-5);
            assertEquals(sft.get("eval_loss"), sft.get("eval_nll_loss"), 1e-9);

            PreferenceDataset otherRejected = PAIRS.filter(e -> true);
            otherRejected = PreferenceDataset.fromExamples(otherRejected.stream()
                    .map(e -> new PreferenceExample(e.prompt(), e.chosen(), " something else entirely and longer"))
                    .toList());
            assertEquals(sft.get("eval_loss"), trainer(model, tokenizer, config, true).evaluate(otherRejected)
                    .get("eval_loss"), 1e-6, "rejected answers must not matter");
            assertTrue(Double.isNaN(sft.get("eval_rewards/margins")), "no rewards without rejected answers");
            assertNull(trainer(model, tokenizer, config, true).loss());
        }
    }

    @Test
    void sftTrainingReducesTheReferenceNll(@TempDir Path dir) {
        Path folder = ModelPresets.writeTinyFolder(dir.resolve("tiny"), 5);
        try (CausalLM model = CausalLM.load(folder); PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            CPOTrainer trainer = trainer(model, tokenizer, config(dir, 30), true);
            double before = trainer.evaluate(PAIRS).get("eval_loss");
            TrainResult result = trainer.train();
            double after = trainer.evaluate(PAIRS).get("eval_loss");
            assertTrue(result.finished());
            assertTrue(after < before * 0.6, "SFT loss " + before + " -> " + after);
            assertTrue(Double.isFinite(result.lastMetrics().get("loss")), "logged loss: " + result.lastMetrics());
        }
    }

    private static CPOConfig config(Path dir, int steps) {
        return CPOConfig.builder().learningRate(5e-3).maxSteps(steps).perDeviceTrainBatchSize(3)
                .perDeviceEvalBatchSize(2).loggingSteps(10).saveSteps(0).outputDir(dir.resolve("run").toString())
                .build();
    }

    private static CPOTrainer trainer(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config, boolean sft) {
        return CPOTrainer.builder().model(model).tokenizer(tokenizer).config(config).trainDataset(PAIRS).sft(sft)
                .build();
    }
}
