package dev.cpotoolkit.tokenize;

import dev.cpotoolkit.settings.SettingName;

import java.util.Locale;

/** Which end of an over-long prompt survives truncation (TRL's {@code truncation_mode}). */
public enum TruncationMode implements SettingName {
    /** Keep the last {@code maxPromptLength} prompt ids (TRL's default); may drop the BOS. */
    KEEP_END("keep_end"),
    /** Keep the first {@code maxPromptLength} prompt ids. */
    KEEP_START("keep_start");

    private final String trlName;

    TruncationMode(String trlName) {
        this.trlName = trlName;
    }

    /** The name TRL, the CLI and config files use: {@code keep_end} or {@code keep_start}. */
    public String trlName() {
        return trlName;
    }

    /**
     * Parses TRL's name (case-insensitive; {@code keep-end} also accepted for CLI flags).
     *
     * @param name {@code keep_end} or {@code keep_start}
     * @return the mode
     * @throws TokenizationException for any other name
     */
    public static TruncationMode fromName(String name) {
        String normal = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (TruncationMode mode : values()) {
            if (mode.trlName.equals(normal)) {
                return mode;
            }
        }
        throw new TokenizationException("Unknown truncationMode \"" + name
                + "\": expected keep_end or keep_start");
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return trlName;
    }

    /** The name TRL's files and flags use; the same as {@link #trlName()}. */
    @Override
    public String settingName() {
        return trlName();
    }
}
