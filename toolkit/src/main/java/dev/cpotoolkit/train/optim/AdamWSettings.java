package dev.cpotoolkit.train.optim;

import dev.cpotoolkit.train.CPOConfig;

import java.util.Objects;

/**
 * AdamW's hyper-parameters other than the learning rate (which changes every
 * step and is passed to {@link AdamW#step(double)}).
 *
 * @param beta1       decay of the first moment, in [0, 1) (Hugging Face default 0.9)
 * @param beta2       decay of the second moment, in [0, 1) (default 0.999)
 * @param epsilon     added to the bias-corrected {@code sqrt(v)}, as in PyTorch; non-negative (default 1e-8)
 * @param weightDecay decoupled weight decay coefficient, non-negative (default 0)
 * @param decayRule   which parameters (by Hugging Face name) are decayed
 */
public record AdamWSettings(double beta1, double beta2, double epsilon, double weightDecay,
                            WeightDecayRule decayRule) {

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public AdamWSettings {
        check(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1): " + beta1);
        check(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1): " + beta2);
        check(epsilon >= 0 && Double.isFinite(epsilon), "epsilon must be finite and >= 0: " + epsilon);
        check(weightDecay >= 0 && Double.isFinite(weightDecay),
                "weightDecay must be finite and >= 0: " + weightDecay);
        Objects.requireNonNull(decayRule, "decayRule");
    }

    /**
     * Hugging Face's defaults: betas (0.9, 0.999), epsilon 1e-8, no weight
     * decay, biases and norm weights exempt when decay is set.
     *
     * @return the settings
     */
    public static AdamWSettings defaults() {
        return new AdamWSettings(0.9, 0.999, 1e-8, 0.0, WeightDecayRule.huggingFace());
    }

    /**
     * The settings of a CPO run ({@code adam_beta1}, {@code adam_beta2},
     * {@code adam_epsilon}, {@code weight_decay}) with Hugging Face's decay groups.
     *
     * @param config the run's configuration
     * @return the settings
     */
    public static AdamWSettings fromConfig(CPOConfig config) {
        return new AdamWSettings(config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                config.weightDecay(), WeightDecayRule.huggingFace());
    }

    /**
     * A copy with another weight decay coefficient.
     *
     * @param value the coefficient
     * @return the new settings
     */
    public AdamWSettings withWeightDecay(double value) {
        return new AdamWSettings(beta1, beta2, epsilon, value, decayRule);
    }

    /**
     * A copy with another decay rule.
     *
     * @param rule the rule
     * @return the new settings
     */
    public AdamWSettings withDecayRule(WeightDecayRule rule) {
        return new AdamWSettings(beta1, beta2, epsilon, weightDecay, rule);
    }

    /**
     * A copy with another epsilon.
     *
     * @param value epsilon
     * @return the new settings
     */
    public AdamWSettings withEpsilon(double value) {
        return new AdamWSettings(beta1, beta2, value, weightDecay, decayRule);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
