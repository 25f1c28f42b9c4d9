package dev.cpotoolkit.cli;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceLoader;
import dev.cpotoolkit.data.hub.HubDatasetId;
import dev.cpotoolkit.data.hub.HubDatasets;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@code --dataset} names: a local file or folder, or else (when no
 * such path exists and it reads {@code owner/name[:config][@split]}) one split
 * of a Hugging Face Hub dataset, downloaded into the Hugging Face cache with
 * the environment's settings, as {@code --model} treats repository ids.
 *
 * @param local a local file or folder, or null
 * @param hub   a Hub dataset split, or null
 */
record DatasetSource(Path local, HubDatasetId hub) {

    static DatasetSource parse(String text) {
        Path path = Path.of(text);
        if (!Files.exists(path) && HubDatasetId.looksLikeHubId(text)) {
            return new DatasetSource(null, HubDatasetId.parse(text));
        }
        return new DatasetSource(path, null);
    }

    static DatasetSource hub(HubDatasetId id) {
        return new DatasetSource(null, id);
    }

    boolean isHub() {
        return hub != null;
    }

    PreferenceDataset load(PreferenceLoader loader) {
        return isHub() ? loader.fromHub(hub, HubDatasets.fromEnvironment()) : loader.load(local);
    }

    /** How commands print it back: the path, or {@code owner/name[:config]@split}. */
    @Override
    public String toString() {
        if (!isHub()) {
            return local.toString();
        }
        return hub.repoId() + (hub.config() == null ? "" : ":" + hub.config()) + "@" + hub.split();
    }
}
