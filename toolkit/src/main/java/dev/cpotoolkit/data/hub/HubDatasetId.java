package dev.cpotoolkit.data.hub;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which part of a Hub dataset to load: the repository, its configuration
 * (subset), split and revision, as {@code datasets.load_dataset(name, config,
 * split=..., revision=...)} takes them and TRL's scripts name them
 * ({@code dataset_name}, {@code dataset_config}, {@code dataset_train_split}).
 *
 * <pre>{@code
 * HubDatasetId.parse("trl-lib/ultrafeedback_binarized")            // its default config, split train
 * HubDatasetId.parse("haoranxu/ALMA-R-Preference:de-en@train")      // config de-en, split train
 * }</pre>
 *
 * @param repoId   {@code owner/name}
 * @param config   the configuration, or null for the dataset's default (or only) one
 * @param split    the split, e.g. {@code train} or {@code test}
 * @param revision a branch, tag or commit hash
 */
public record HubDatasetId(String repoId, String config, String split, String revision) {

    /** The split loaded when none is named: TRL's {@code dataset_train_split} default. */
    public static final String DEFAULT_SPLIT = "train";
    /** The revision loaded when none is named. */
    public static final String DEFAULT_REVISION = "main";

    private static final Pattern SPEC = Pattern.compile("([^:@]+)(?::([^@]+))?(?:@(.+))?");

    /** Checks the parts and fills in the defaults. */
    public HubDatasetId {
        Objects.requireNonNull(repoId, "repoId");
        split = split == null || split.isBlank() ? DEFAULT_SPLIT : split.strip();
        config = config == null || config.isBlank() ? null : config.strip();
        revision = revision == null || revision.isBlank() ? DEFAULT_REVISION : revision.strip();
    }

    /**
     * Reads {@code owner/name[:config][@split]}.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static HubDatasetId parse(String spec) {
        Matcher m = SPEC.matcher(spec == null ? "" : spec.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Hub dataset (expected owner/name[:config][@split]): '" + spec
                    + "'");
        }
        return new HubDatasetId(m.group(1), m.group(2), m.group(3), null);
    }

    /** Whether {@code text} reads as a Hub dataset name rather than a local path: {@code owner/name...}, no such file. */
    public static boolean looksLikeHubId(String text) {
        return text != null && text.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(:[^@/]+)?(@[^/]+)?");
    }

    /** This id with another configuration. */
    public HubDatasetId withConfig(String name) {
        return new HubDatasetId(repoId, name, split, revision);
    }

    /** This id with another split. */
    public HubDatasetId withSplit(String name) {
        return new HubDatasetId(repoId, config, name, revision);
    }

    /** This id at another revision. */
    public HubDatasetId withRevision(String branchTagOrCommit) {
        return new HubDatasetId(repoId, config, split, branchTagOrCommit);
    }

    /** {@code owner/name[:config]@split}, plus the revision when it is not {@code main}. */
    @Override
    public String toString() {
        return repoId + (config == null ? "" : ":" + config) + "@" + split
                + (revision.equals(DEFAULT_REVISION) ? "" : " (revision " + revision + ")");
    }
}
