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
        if (!readsAsPath(text, path) && HubDatasetId.looksLikeHubId(text)) {
            return new DatasetSource(null, HubDatasetId.parse(text));
        }
        return new DatasetSource(path, null);
    }

    /**
     * A path that exists, names a data file ({@code data/pairs.jsonl}) or starts in a local folder
     * ({@code datasets/mine} beside a {@code datasets/} folder) is a path, so a typo in it is reported
     * as a missing file rather than looked up on the Hub.
     */
    private static boolean readsAsPath(String text, Path path) {
        if (Files.exists(path)) {
            return true;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.matches(".*\\.(jsonl|json|csv|parquet)")) {
            return true;
        }
        Path first = path.getNameCount() > 1 ? path.getName(0) : null;
        return first != null && Files.isDirectory(first);
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
