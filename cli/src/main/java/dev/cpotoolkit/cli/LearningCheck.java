package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.TrainingLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A hint at the end of a run that did not learn: reward accuracy at chance and
 * margins no higher than at the start. The usual cause with a small model is
 * TRL's default learning rate (1e-6, meant for fine-tuning a pretrained model)
 * or too few steps, and the hint says which, with the settings that make the
 * quick start learn.
 */
final class LearningCheck {

    /** Accuracy at or below this counts as chance (pairs ranked no better than a coin). */
    static final double CHANCE = 0.55;
    /** Rates at or below this rarely move a freshly initialised model. */
    static final double SMALL_LEARNING_RATE = 1e-5;
    /** Runs shorter than this may simply not have had time. */
    static final int FEW_STEPS = 50;

    private LearningCheck() {}

    /** The hint, or empty when the run learned (or logged no rewards, as SFT runs). */
    static Optional<String> hint(TrainingLog log, CPOConfig config) {
        List<Map<String, Double>> rows = new ArrayList<>();
        for (Map<String, Double> row : log.rows()) {
            Double margin = row.get("rewards/margins");
            if (row.containsKey("rewards/accuracies") && margin != null && !margin.isNaN()) {
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> first = rows.get(0);
        Map<String, Double> last = rows.get(rows.size() - 1);
        double accuracy = last.get("rewards/accuracies");
        boolean marginsRose = last.get("rewards/margins") > first.get("rewards/margins");
        if (accuracy > CHANCE || (marginsRose && rows.size() > 1)) {
            return Optional.empty();
        }
        int steps = last.get("step").intValue();
        String cause;
        if (config.learningRate() <= SMALL_LEARNING_RATE) {
            cause = String.format(Locale.ROOT, "--learning-rate %s is TRL's default for fine-tuning a pretrained"
                    + " model; a small or freshly initialised model needs far more", config.learningRate());
        } else if (steps < FEW_STEPS) {
            cause = steps + " steps may be too few to move the rewards";
        } else {
            cause = "try a higher --learning-rate or more --max-steps, and check that chosen and rejected differ";
        }
        return Optional.of(String.format(Locale.ROOT, "Hint: this run did not learn (reward accuracy %.2f at"
                + " step %d, about chance; margins did not rise). %s. The quick start learns its pairs with"
                + " --learning-rate 2e-3 --max-steps 600 --max-length 128 --max-prompt-length 64"
                + " (README, \"Training a tiny model\").", accuracy, steps, cause));
    }
}
