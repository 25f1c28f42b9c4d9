package dev.cpotoolkit.settings;

/**
 * An enum whose constants are written in files and flags under TRL's names
 * ({@code keep_end}, {@code constant_with_warmup}) rather than Java's.
 * Settings of such an enum type are read and written through this name.
 */
public interface SettingName {

    /** The constant's name in TRL's files and flags. */
    String settingName();
}
