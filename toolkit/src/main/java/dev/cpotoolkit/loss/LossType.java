package dev.cpotoolkit.loss;

import dev.cpotoolkit.settings.SettingName;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The built-in loss variants under TRL's {@code loss_type} names. {@link #ALPHAPO}
 * is TRL's shorthand: it trains as {@link #SIMPO} with {@code cpo_alpha = 0} and
 * the AlphaPO reward shape given by {@code alpha}.
 */
public enum LossType implements SettingName {
    /** CPO's logistic loss on summed log-probs. */
    SIGMOID,
    /** SLiC's hinge loss on summed log-probs; beta is the reciprocal margin. */
    HINGE,
    /** IPO's squared loss on mean log-probs. */
    IPO,
    /** SimPO: logistic loss with a target margin, on mean log-probs. */
    SIMPO,
    /** AlphaPO: SimPO with the AlphaPO reward shape and no NLL term. */
    ALPHAPO;

    /** TRL's spelling, e.g. {@code "sigmoid"}. */
    public String trlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when TRL averages log-probs over answer tokens for this loss (ipo, simpo, alphapo). */
    public boolean averagesLogProbs() {
        return this == IPO || this == SIMPO || this == ALPHAPO;
    }

    /** True when {@code label_smoothing} has an effect (sigmoid, simpo, alphapo). */
    public boolean supportsLabelSmoothing() {
        return this == SIGMOID || this == SIMPO || this == ALPHAPO;
    }

    /**
     * Parses TRL's name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LossType parse(String name) {
        for (LossType type : values()) {
            if (type.trlName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown loss type '" + name + "'; expected one of "
                + Arrays.stream(values()).map(LossType::trlName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return trlName();
    }

    /** The name TRL's files and flags use; the same as {@link #trlName()}. */
    @Override
    public String settingName() {
        return trlName();
    }
}
