package dev.cpotoolkit.data.hub;

import dev.cpotoolkit.hub.HubException;
import dev.cpotoolkit.hub.HubRepository;
import dev.cpotoolkit.hub.HubSnapshots;
import dev.cpotoolkit.hub.RepoType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Finds and downloads the files of one split of a Hub dataset into the
 * standard Hugging Face cache ({@code datasets--owner--name/snapshots/<commit>/}),
 * with the same environment variables, token and offline mode as model
 * downloads ({@link HubSnapshots}).
 *
 * <p>The split's files come from the README's {@code configs:} block or the
 * file names ({@link DataFiles}); a repository with no data files of its own
 * (a loading script) is read from the Hub's auto-converted Parquet branch,
 * {@code refs/convert/parquet}. Only the README and the split's own files are
 * downloaded.
 */
public final class HubDatasets {

    private static final Logger LOG = LoggerFactory.getLogger(HubDatasets.class);

    /** The branch where the Hub keeps its Parquet conversion of every public dataset. */
    public static final String CONVERTED_PARQUET_REVISION = "refs/convert/parquet";

    private final HubSnapshots hub;

    /** Downloads through {@code hub}. */
    public HubDatasets(HubSnapshots hub) {
        this.hub = Objects.requireNonNull(hub, "hub");
    }

    /** Configured from the environment ({@code HF_HUB_CACHE}, {@code HF_ENDPOINT}, {@code HF_TOKEN}, ...). */
    public static HubDatasets fromEnvironment() {
        return new HubDatasets(HubSnapshots.fromEnvironment());
    }

    /** The split's files, resolved and downloaded. */
    public record Split(HubDatasetId id, String config, String commit, List<Path> files) {
        /** {@code owner/name:config@split}: the label of the loaded dataset. */
        public String label() {
            return id.repoId() + ":" + config + "@" + id.split();
        }
    }

    /**
     * Resolves and downloads one split.
     *
     * @throws HubException when the repository, configuration or split is not
     *     there, a download fails, or (offline) the cache lacks it
     */
    public Split download(HubDatasetId id) {
        HubRepository repo = hub.open(RepoType.DATASET, id.repoId(), id.revision());
        List<DataFiles.Config> configs;
        try {
            configs = DataFiles.configs(repo.files(), readme(repo));
        } catch (IllegalArgumentException badCard) {
            throw new HubException("dataset '" + id.repoId() + "': " + badCard.getMessage(), badCard);
        }
        boolean noData = configs.stream().allMatch(c -> c.splits().isEmpty());
        if (noData && !id.revision().equals(CONVERTED_PARQUET_REVISION) && !repo.isCachedOnly()) {
            LOG.info("{} has no data files of its own; reading the Hub's Parquet conversion ({})", id.repoId(),
                    CONVERTED_PARQUET_REVISION);
            repo = hub.open(RepoType.DATASET, id.repoId(), CONVERTED_PARQUET_REVISION);
            configs = DataFiles.convertedConfigs(repo.files());
        } else if (id.revision().equals(CONVERTED_PARQUET_REVISION)) {
            configs = DataFiles.convertedConfigs(repo.files());
        }
        DataFiles.Config config = chooseConfig(id, configs, repo);
        List<String> files = config.splits().get(id.split());
        if (files == null || files.isEmpty()) {
            throw new HubException("split '" + id.split() + "' not found in dataset '" + id.repoId() + "' (config '"
                    + config.name() + "', revision " + repo.revision() + "); its splits: "
                    + (config.splits().isEmpty() ? "none" : String.join(", ", config.splits().keySet()))
                    + (repo.isCachedOnly() ? " (offline: only what the cache holds)" : ""));
        }
        List<Path> paths = files.stream().map(repo::file).toList();
        repo.recordRevision();
        return new Split(id, config.name(), repo.commit(), paths);
    }

    private static DataFiles.Config chooseConfig(HubDatasetId id, List<DataFiles.Config> configs, HubRepository repo) {
        String names = configs.stream().map(DataFiles.Config::name).collect(Collectors.joining(", "));
        if (id.config() != null) {
            return configs.stream().filter(c -> c.name().equals(id.config())).findFirst().orElseThrow(() ->
                    new HubException("config '" + id.config() + "' not found in dataset '" + id.repoId()
                            + "' (revision " + repo.revision() + "); its configs: " + (names.isEmpty() ? "none" : names)));
        }
        if (configs.size() == 1) {
            return configs.get(0);
        }
        return configs.stream().filter(DataFiles.Config::isDefault).findFirst()
                .or(() -> configs.stream().filter(c -> c.name().equals(DataFiles.DEFAULT_CONFIG)).findFirst())
                .orElseThrow(() -> new HubException("dataset '" + id.repoId() + "' has several configs (" + names
                        + ") and no default; name one, e.g. " + id.repoId() + ":" + configs.get(0).name()));
    }

    /** The README's text, downloaded when the repository has one. */
    private static String readme(HubRepository repo) {
        if (!repo.files().contains("README.md")) {
            return null;
        }
        try {
            return Files.readString(repo.file("README.md"));
        } catch (IOException unreadable) {
            throw new HubException("cannot read README.md of dataset '" + repo.repoId() + "' in the cache: "
                    + unreadable.getMessage(), unreadable);
        }
    }
}
