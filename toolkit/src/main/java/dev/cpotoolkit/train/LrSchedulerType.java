package dev.cpotoolkit.train;

import dev.cpotoolkit.settings.SettingName;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Learning-rate schedules under Hugging Face's {@code lr_scheduler_type} names. */
public enum LrSchedulerType implements SettingName {
    /** Warm up linearly, then decay linearly to 0 at the last step. */
    LINEAR,
    /** Warm up linearly, then follow half a cosine down to 0 at the last step. */
    COSINE,
    /** The same rate at every step; warm-up settings are ignored, as in Hugging Face. */
    CONSTANT,
    /** Warm up linearly, then stay constant. */
    CONSTANT_WITH_WARMUP,
    /** Warm up linearly, then decay as {@code 1 / sqrt(step)} (timescale = warm-up steps, or 10 000). */
    INVERSE_SQRT;

    /** Hugging Face's spelling, e.g. {@code constant_with_warmup}. */
    public String hfName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Hugging Face's name (case-insensitive; dashes accepted for CLI flags).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LrSchedulerType parse(String name) {
        String normal = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (LrSchedulerType type : values()) {
            if (type.hfName().equals(normal)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown lr_scheduler_type '" + name + "'; expected one of "
                + Arrays.stream(values()).map(LrSchedulerType::hfName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return hfName();
    }

    /** The name TRL's files and flags use; the same as {@link #hfName()}. */
    @Override
    public String settingName() {
        return hfName();
    }
}
