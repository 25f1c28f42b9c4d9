package dev.cpotoolkit.cli;

import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.model.hub.HubDownloader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@code --model} value names, turned into a local Hugging Face model
 * folder: an existing folder as it is, else a preset name ({@code tiny}, whose
 * seeded random weights are written into the run folder so the run is
 * self-contained), else a Hub repository id, downloaded into the Hugging Face
 * cache (or found there when offline).
 */
final class ModelSource {

    /** The preset {@code --model} accepts by name. */
    static final String TINY = "tiny";

    private ModelSource() {}

    /** True when {@code value} names a preset rather than an existing folder. */
    static boolean isPreset(String value) {
        return value.equals(TINY) && !Files.isDirectory(Path.of(value));
    }

    /**
     * The model folder {@code value} stands for.
     *
     * @param value        a folder, {@code tiny} or a Hub repository id
     * @param presetFolder where a preset is written (ignored otherwise)
     * @param presetSeed   seed of a preset's random initial weights
     */
    static Path resolve(String value, Path presetFolder, long presetSeed) {
        if (isPreset(value)) {
            return ModelPresets.writeTinyFolder(presetFolder, presetSeed);
        }
        return existing(value);
    }

    /** A folder or Hub repository id, but no preset: for commands that need trained weights. */
    static Path existing(String value) {
        // A repo id is exactly "owner/name"; anything else that is not a folder is a mistyped path.
        if (!Files.isDirectory(Path.of(value)) && !value.matches("[^/.~][^/]*/[^/]+")) {
            throw new IllegalArgumentException("no such model folder: " + value);
        }
        return HubDownloader.fromEnvironment().resolve(value);
    }
}
