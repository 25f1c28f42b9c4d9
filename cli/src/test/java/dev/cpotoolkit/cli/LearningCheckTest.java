package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.TrainingLog;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-of-run hint: only for runs that did not learn, naming the likely cause. */
class LearningCheckTest {

    private static TrainingLog log(double... accuracyMarginPairs) {
        TrainingLog log = new TrainingLog();
        for (int i = 0; i < accuracyMarginPairs.length; i += 2) {
            log.add(Map.of("step", (double) (i / 2 + 1) * 4, "loss", 0.7, "rewards/accuracies",
                    accuracyMarginPairs[i], "rewards/margins", accuracyMarginPairs[i + 1]));
        }
        return log;
    }

    @Test
    void trlsDefaultLearningRateOnASmallModelIsNamed() {
        Optional<String> hint = LearningCheck.hint(log(0.43, -0.5, 0.27, -9.3), CPOConfig.defaults());
        assertTrue(hint.isPresent());
        assertTrue(hint.get().contains("--learning-rate 1.0E-6 is TRL's default"), hint.get());
        assertTrue(hint.get().contains("--learning-rate 2e-3 --max-steps 600"), hint.get());
    }

    @Test
    void aRunThatLearnedGetsNoHint() {
        assertEquals(Optional.empty(), LearningCheck.hint(log(0.5, 0.0, 1.0, 11.6), CPOConfig.defaults()));
        assertEquals(Optional.empty(), LearningCheck.hint(log(0.4, 0.1, 0.5, 0.9), CPOConfig.defaults()),
                "margins rising: learning, if slowly");
        assertEquals(Optional.empty(), LearningCheck.hint(new TrainingLog(), CPOConfig.defaults()));
    }

    @Test
    void aShortRunAtAGoodRateIsToldItMayBeTooShort() {
        Optional<String> hint = LearningCheck.hint(log(0.5, 0.2, 0.5, 0.1),
                CPOConfig.builder().learningRate(2e-3).build());
        assertTrue(hint.orElseThrow().contains("8 steps may be too few"), hint.orElseThrow());
    }
}
