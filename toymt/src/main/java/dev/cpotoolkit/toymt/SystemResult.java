package dev.cpotoolkit.toymt;

import java.nio.file.Path;
import java.util.List;

/**
 * One trained system of the comparison and how well it translates the test set.
 *
 * @param name         "SFT", "CPO" or "SFT -> CPO"
 * @param trainingData what it was trained on, in words
 * @param steps        optimizer steps of its own training (not counting a starting model's)
 * @param trainSeconds wall time of its own training
 * @param metrics      exact match and token accuracy on the test sentences
 * @param outputs      its greedy translation of each scored test sentence, in order
 * @param model        the folder of its final model (loads with {@code CausalLM.load})
 */
public record SystemResult(String name, String trainingData, int steps, double trainSeconds,
                           TranslationMetrics metrics, List<String> outputs, Path model) {}
