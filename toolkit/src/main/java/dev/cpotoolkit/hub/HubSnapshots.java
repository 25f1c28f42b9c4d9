package dev.cpotoolkit.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens revisions of Hugging Face Hub repositories (models or datasets) backed
 * by the standard Hugging Face cache, shared with Python's
 * {@code huggingface_hub}. The model downloader
 * ({@code dev.cpotoolkit.model.hub.HubDownloader}) and the dataset loader
 * ({@code PreferenceDataset.fromHub}) both go through here, so they share the
 * environment variables ({@code HF_HUB_CACHE}, {@code HF_HOME},
 * {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}), the token
 * rules and the offline mode.
 *
 * <p>Immutable: each setter returns a new instance.
 *
 * <pre>{@code
 * HubRepository repo = HubSnapshots.fromEnvironment().open(RepoType.DATASET, "trl-lib/ultrafeedback_binarized", "main");
 * Path readme = repo.file("README.md");
 * }</pre>
 */
public final class HubSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(HubSnapshots.class);

    /** The default connect and response timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final Path cacheDir;
    private final String token;
    private final boolean offline;
    private final Duration timeout;

    private HubSnapshots(URI endpoint, Path cacheDir, String token, boolean offline, Duration timeout) {
        this.endpoint = endpoint;
        this.cacheDir = cacheDir;
        this.token = token;
        this.offline = offline;
        this.timeout = timeout;
    }

    /** Configured from this process's environment variables. */
    public static HubSnapshots fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Configured from {@code env} as if it were the environment:
     * {@code HF_HUB_CACHE} (else {@code $HF_HOME/hub}, else
     * {@code ~/.cache/huggingface/hub}), {@code HF_ENDPOINT} (else
     * {@code https://huggingface.co}), {@code HF_TOKEN} (else the token file
     * {@code huggingface-cli login} writes), {@code HF_HUB_OFFLINE}.
     */
    public static HubSnapshots fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        return new HubSnapshots(HubSettings.endpoint(env), HubSettings.cacheDir(env), HubSettings.token(env),
                HubSettings.offline(env), DEFAULT_TIMEOUT);
    }

    /** With another Hub endpoint, e.g. a mirror. */
    public HubSnapshots endpoint(String url) {
        return new HubSnapshots(HubSettings.normalizeEndpoint(Objects.requireNonNull(url, "url")), cacheDir, token,
                offline, timeout);
    }

    /** With another cache folder (the {@code hub} folder itself, as {@code HF_HUB_CACHE}). */
    public HubSnapshots cacheDir(Path folder) {
        return new HubSnapshots(endpoint, Objects.requireNonNull(folder, "folder"), token, offline, timeout);
    }

    /** With another access token, or none ({@code null}). */
    public HubSnapshots token(String accessToken) {
        String clean = accessToken == null || accessToken.isBlank() ? null : accessToken.strip();
        return new HubSnapshots(endpoint, cacheDir, clean, offline, timeout);
    }

    /** With network access off ({@code true}: cache only) or on. */
    public HubSnapshots offline(boolean cacheOnly) {
        return new HubSnapshots(endpoint, cacheDir, token, cacheOnly, timeout);
    }

    /** With another connect and response timeout (default 30 s). */
    public HubSnapshots timeout(Duration connectAndResponse) {
        if (connectAndResponse.isNegative() || connectAndResponse.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return new HubSnapshots(endpoint, cacheDir, token, offline, connectAndResponse);
    }

    /** The Hub endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    /** The cache folder holding the {@code models--owner--name} and {@code datasets--owner--name} folders. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Whether network access is off. */
    public boolean isOffline() {
        return offline;
    }

    /** Whether a token will be sent (the token itself is never exposed). */
    public boolean hasToken() {
        return token != null;
    }

    /**
     * Opens {@code repoId} at {@code revision}: online, the Hub's file list for
     * the commit the revision points at now; offline (or when the Hub cannot
     * be reached and the cache has the revision, as {@code huggingface_hub}
     * does), the cached snapshot. Nothing is downloaded until
     * {@link HubRepository#file(String)} asks.
     *
     * @throws HubException on access denied, not found, no connection, or an offline cache miss
     */
    public HubRepository open(RepoType type, String repoId, String revision) {
        Objects.requireNonNull(type, "type");
        RepoNames.repoId(repoId);
        RepoNames.revision(revision);
        HubCache cache = new HubCache(cacheDir, type, repoId);
        if (offline) {
            String commit = cache.cachedCommit(revision).orElseThrow(() -> new HubException(
                    "offline (HF_HUB_OFFLINE) and " + type.noun() + " '" + repoId + "' at revision '" + revision
                            + "' is not in the cache at " + cache.repoFolder()
                            + "; download it once with network access, or check HF_HUB_CACHE/HF_HOME"));
            return HubRepository.cached(type, repoId, revision, commit, cache);
        }
        HubClient client = new HubClient(endpoint, token, timeout, type);
        HubClient.Listing listing;
        try {
            listing = client.list(repoId, revision);
        } catch (HubException unreachable) {
            if (!(unreachable.getCause() instanceof IOException)) {
                throw unreachable;
            }
            // Like huggingface_hub: without a network, a snapshot already cached still serves.
            Optional<String> cached = cache.cachedCommit(revision);
            if (cached.isEmpty()) {
                throw unreachable;
            }
            LOG.warn("{}; using the cached snapshot {}", unreachable.getMessage(), cached.get());
            return HubRepository.cached(type, repoId, revision, cached.get(), cache);
        }
        return HubRepository.online(type, repoId, revision, listing, cache, client, endpoint);
    }

    /**
     * Checks a revision (branch, tag, {@code refs/convert/parquet} or commit hash) before it reaches a URL or
     * a cache path.
     *
     * @return the revision
     * @throws IllegalArgumentException when it could escape the cache folder or is blank
     */
    public static String checkRevision(String revision) {
        return RepoNames.revision(revision);
    }

    /** Settings without the token, which is only ever reported as present or absent. */
    @Override
    public String toString() {
        return "HubSnapshots[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", offline=" + offline
                + ", token=" + (token == null ? "none" : "set (hidden)") + "]";
    }
}
