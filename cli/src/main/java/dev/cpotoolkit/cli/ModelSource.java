package dev.cpotoolkit.cli;

import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.model.hub.HubDownloader;
import dev.cpotoolkit.hub.HubException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

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
        Path local = Path.of(value);
        if (Files.isDirectory(local)) {
            if (Files.isRegularFile(local.resolve("adapter_config.json"))
                    && !Files.isRegularFile(local.resolve("config.json"))) {
                // The final/ of a LoRA run is an adapter, not a model: say which flag takes it.
                throw new IllegalArgumentException(local + " is a LoRA adapter folder (adapter_config.json), not a"
                        + " model; give it as --adapter " + local + ", with its base model as --model");
            }
            return local;
        }
        String missing = "no such model folder: " + local.toAbsolutePath().normalize();
        String notHub = whyNotHubId(value);
        if (notHub != null) {
            throw new IllegalArgumentException(missing + notHub);
        }
        try {
            return HubDownloader.fromEnvironment().resolve(value);
        } catch (HubException e) {
            throw new HubException(e.getMessage() + "; read as a local path instead, " + missing, e);
        }
    }

    /**
     * Null when {@code value}, which names no local folder, is to be read as a
     * Hub repository id; else why not, as a suffix for the "no such folder"
     * message ("" when it is not shaped {@code owner/name}).
     */
    static String whyNotHubId(String value) {
        if (!HUB_ID.matcher(value).matches()) {
            return "";
        }
        Path parent = Path.of(value).getParent();
        if (parent != null && Files.isDirectory(parent)) {
            // "models/my-llama" beside a local models/ folder is a path with a typo, not a Hub repository.
            return " (read as a path because " + parent + "/ is a local folder; a Hub repository id would be owner/name)";
        }
        return null;
    }

    /** What the Hugging Face Hub accepts as a repository id: {@code owner/name}. */
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
}
