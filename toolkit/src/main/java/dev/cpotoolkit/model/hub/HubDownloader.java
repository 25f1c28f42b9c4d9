package dev.cpotoolkit.model.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads a model repository from the Hugging Face Hub into the standard
 * Hugging Face cache (shared with Python's {@code huggingface_hub}), and returns
 * the snapshot folder, ready for {@code WeightSource.open} and the tokenizer.
 *
 * <p>Settings come from the environment ({@code HF_HUB_CACHE}, {@code HF_HOME},
 * {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}) and can be
 * overridden fluently; each setter returns a new downloader, so a configured
 * one can be shared:
 *
 * <pre>{@code
 * Path model = HubDownloader.fromEnvironment().snapshot("HuggingFaceTB/SmolLM2-135M");
 * Path pinned = HubDownloader.fromEnvironment().revision("v1.0").offline(true).snapshot("owner/name");
 * }</pre>
 *
 * <p>Only the files a causal LM needs are fetched unless {@link #allowPatterns}
 * says otherwise. Files already in the snapshot are not downloaded again. Every
 * download goes to a temporary file first, so an interrupted one leaves nothing
 * under a real name. The token is sent as a bearer token to the endpoint's host
 * only, and never appears in {@link #toString()}, logs or exception messages.
 */
public final class HubDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(HubDownloader.class);

    /** What a causal LM needs: config, weights (single or sharded) and tokenizer files. */
    public static final List<String> DEFAULT_ALLOW_PATTERNS = List.of(
            "config.json", "generation_config.json", "*.safetensors", "model.safetensors.index.json",
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
            // Recent transformers save the chat template in its own file(s), which win over tokenizer_config.json.
            "chat_template.jinja", "additional_chat_templates/*.jinja");

    /** The default revision. */
    public static final String DEFAULT_REVISION = "main";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final Path cacheDir;
    private final String token;
    private final boolean offline;
    private final String revision;
    private final List<String> allowPatterns;
    private final Duration timeout;

    private HubDownloader(URI endpoint, Path cacheDir, String token, boolean offline, String revision,
                          List<String> allowPatterns, Duration timeout) {
        this.endpoint = endpoint;
        this.cacheDir = cacheDir;
        this.token = token;
        this.offline = offline;
        this.revision = revision;
        this.allowPatterns = allowPatterns;
        this.timeout = timeout;
    }

    /** A downloader configured from this process's environment variables. */
    public static HubDownloader fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * A downloader configured from {@code env} as if it were the environment:
     * {@code HF_HUB_CACHE} (else {@code $HF_HOME/hub}, else
     * {@code ~/.cache/huggingface/hub}), {@code HF_ENDPOINT} (else
     * {@code https://huggingface.co}), {@code HF_TOKEN} (else the token file
     * {@code huggingface-cli login} writes), {@code HF_HUB_OFFLINE}.
     */
    public static HubDownloader fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        return new HubDownloader(HubSettings.endpoint(env), HubSettings.cacheDir(env), HubSettings.token(env),
                HubSettings.offline(env), DEFAULT_REVISION, DEFAULT_ALLOW_PATTERNS, DEFAULT_TIMEOUT);
    }

    /** This downloader with another Hub endpoint, e.g. a mirror ({@code https://hf-mirror.example}). */
    public HubDownloader endpoint(String url) {
        return new HubDownloader(HubSettings.normalizeEndpoint(Objects.requireNonNull(url, "url")), cacheDir, token,
                offline, revision, allowPatterns, timeout);
    }

    /** This downloader with another cache folder (the {@code hub} folder itself, as {@code HF_HUB_CACHE}). */
    public HubDownloader cacheDir(Path folder) {
        return new HubDownloader(endpoint, Objects.requireNonNull(folder, "folder"), token, offline, revision,
                allowPatterns, timeout);
    }

    /** This downloader with another access token, or none ({@code null}). */
    public HubDownloader token(String accessToken) {
        String clean = accessToken == null || accessToken.isBlank() ? null : accessToken.strip();
        return new HubDownloader(endpoint, cacheDir, clean, offline, revision, allowPatterns, timeout);
    }

    /** This downloader with network access off ({@code true}: cache only) or on. */
    public HubDownloader offline(boolean cacheOnly) {
        return new HubDownloader(endpoint, cacheDir, token, cacheOnly, revision, allowPatterns, timeout);
    }

    /** This downloader with another default revision: a branch, tag or commit hash. */
    public HubDownloader revision(String branchTagOrCommit) {
        return new HubDownloader(endpoint, cacheDir, token, offline, RepoNames.revision(branchTagOrCommit),
                allowPatterns, timeout);
    }

    /**
     * This downloader fetching only files matching these globs (matched against
     * the repository path; {@code *} does not cross {@code /}), instead of
     * {@link #DEFAULT_ALLOW_PATTERNS}.
     */
    public HubDownloader allowPatterns(List<String> globs) {
        List<String> copy = List.copyOf(globs);
        copy.forEach(HubDownloader::matcher); // fail now on a malformed glob
        return new HubDownloader(endpoint, cacheDir, token, offline, revision, copy, timeout);
    }

    /** As {@link #allowPatterns(List)}. */
    public HubDownloader allowPatterns(String... globs) {
        return allowPatterns(List.of(globs));
    }

    /** This downloader with another connect and response timeout (default 30 s). */
    public HubDownloader timeout(Duration connectAndResponse) {
        if (connectAndResponse.isNegative() || connectAndResponse.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return new HubDownloader(endpoint, cacheDir, token, offline, revision, allowPatterns, connectAndResponse);
    }

    /** The Hub endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    /** The cache folder holding the {@code models--owner--name} folders. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Whether network access is off. */
    public boolean isOffline() {
        return offline;
    }

    /** The revision {@link #snapshot(String)} uses. */
    public String revision() {
        return revision;
    }

    /** Whether a token will be sent (the token itself is never exposed). */
    public boolean hasToken() {
        return token != null;
    }

    /** The file globs that are downloaded. */
    public List<String> allowPatterns() {
        return allowPatterns;
    }

    /**
     * Downloads (or finds in the cache) {@code repoId} at this downloader's
     * revision.
     *
     * @param repoId {@code owner/name}, e.g. {@code Qwen/Qwen2.5-0.5B}
     * @return the snapshot folder, {@code <cache>/models--owner--name/snapshots/<commit>}
     * @throws HubException on access denied, not found, no connection, or an
     *     offline cache miss
     */
    public Path snapshot(String repoId) {
        return snapshot(repoId, revision);
    }

    /**
     * Downloads (or finds in the cache) {@code repoId} at {@code revision}.
     *
     * @see #snapshot(String)
     */
    public Path snapshot(String repoId, String revision) {
        RepoNames.repoId(repoId);
        RepoNames.revision(revision);
        HubCache cache = new HubCache(cacheDir, repoId);
        if (offline) {
            return cache.cachedCommit(revision).map(cache::snapshot).orElseThrow(() -> new HubException(
                    "offline (HF_HUB_OFFLINE) and '" + repoId + "' at revision '" + revision
                            + "' is not in the cache at " + cache.repoFolder()
                            + "; download it once with network access, or check HF_HUB_CACHE/HF_HOME"));
        }
        HubClient client = new HubClient(endpoint, token, timeout);
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
            return cache.snapshot(cached.get());
        }
        String commit = listing.commit();
        List<PathMatcher> matchers = allowPatterns.stream().map(HubDownloader::matcher).toList();
        List<String> wanted = listing.files().stream()
                .filter(RepoNames::safeRelativePath)
                .filter(file -> matchers.stream().anyMatch(m -> m.matches(Path.of(file))))
                .toList();
        if (wanted.isEmpty()) {
            throw new HubException("'" + repoId + "' at revision '" + revision + "' on " + endpoint
                    + " has no files matching " + allowPatterns);
        }
        try {
            for (String file : wanted) {
                if (cache.hasFile(commit, file)) {
                    continue;
                }
                LOG.info("downloading {}/{} ({})", repoId, file, commit.substring(0, 8));
                HubClient.Download download = client.download(repoId, commit, file, cache);
                if (download.commitHeader() != null && !download.commitHeader().equals(commit)) {
                    LOG.warn("{}: Hub reported commit {} for {}, expected {}", repoId, download.commitHeader(),
                            file, commit);
                }
                cache.link(commit, file, download.blob());
            }
            cache.writeRef(revision, commit);
        } catch (IOException failure) {
            throw new HubException("cannot write the Hugging Face cache at " + cache.repoFolder() + ": "
                    + failure.getMessage(), failure);
        }
        return cache.snapshot(commit);
    }

    /**
     * A local model folder as is, or else a Hub repository id downloaded with
     * {@link #snapshot(String)}: what a {@code --model} option accepts.
     */
    public Path resolve(String folderOrRepoId) {
        Path local = Path.of(folderOrRepoId);
        if (Files.isDirectory(local)) {
            return local;
        }
        return snapshot(folderOrRepoId);
    }

    private static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    /** Settings without the token, which is only ever reported as present or absent. */
    @Override
    public String toString() {
        return "HubDownloader[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", revision=" + revision
                + ", offline=" + offline + ", token=" + (token == null ? "none" : "set (hidden)") + "]";
    }
}
