package dev.cpotoolkit.model.hub;

import dev.cpotoolkit.hub.HubException;
import dev.cpotoolkit.hub.HubRepository;
import dev.cpotoolkit.hub.HubSnapshots;
import dev.cpotoolkit.hub.RepoType;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * The HTTP and cache work is {@link HubSnapshots}', shared with Hub datasets.
 */
public final class HubDownloader {

    /** What a causal LM needs: config, weights (single or sharded) and tokenizer files. */
    public static final List<String> DEFAULT_ALLOW_PATTERNS = List.of(
            "config.json", "generation_config.json", "*.safetensors", "model.safetensors.index.json",
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
            // Recent transformers save the chat template in its own file(s), which win over tokenizer_config.json.
            "chat_template.jinja", "additional_chat_templates/*.jinja");

    /**
     * What a PEFT adapter repository needs: its config and weights, and the
     * tokenizer files adapter repositories often carry beside them.
     */
    public static final List<String> ADAPTER_ALLOW_PATTERNS = List.of(
            "adapter_config.json", "adapter_model.safetensors",
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja");

    /** The default revision. */
    public static final String DEFAULT_REVISION = "main";

    private final HubSnapshots hub;
    private final String revision;
    private final List<String> allowPatterns;

    private HubDownloader(HubSnapshots hub, String revision, List<String> allowPatterns) {
        this.hub = hub;
        this.revision = revision;
        this.allowPatterns = allowPatterns;
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
        return new HubDownloader(HubSnapshots.fromEnvironment(env), DEFAULT_REVISION, DEFAULT_ALLOW_PATTERNS);
    }

    /** This downloader with another Hub endpoint, e.g. a mirror ({@code https://hf-mirror.example}). */
    public HubDownloader endpoint(String url) {
        return new HubDownloader(hub.endpoint(url), revision, allowPatterns);
    }

    /** This downloader with another cache folder (the {@code hub} folder itself, as {@code HF_HUB_CACHE}). */
    public HubDownloader cacheDir(Path folder) {
        return new HubDownloader(hub.cacheDir(folder), revision, allowPatterns);
    }

    /** This downloader with another access token, or none ({@code null}). */
    public HubDownloader token(String accessToken) {
        return new HubDownloader(hub.token(accessToken), revision, allowPatterns);
    }

    /** This downloader with network access off ({@code true}: cache only) or on. */
    public HubDownloader offline(boolean cacheOnly) {
        return new HubDownloader(hub.offline(cacheOnly), revision, allowPatterns);
    }

    /** This downloader with another default revision: a branch, tag or commit hash. */
    public HubDownloader revision(String branchTagOrCommit) {
        return new HubDownloader(hub, HubSnapshots.checkRevision(branchTagOrCommit), allowPatterns);
    }

    /**
     * This downloader fetching only files matching these globs (matched against
     * the repository path; {@code *} does not cross {@code /}), instead of
     * {@link #DEFAULT_ALLOW_PATTERNS}.
     */
    public HubDownloader allowPatterns(List<String> globs) {
        List<String> copy = List.copyOf(globs);
        copy.forEach(HubDownloader::matcher); // fail now on a malformed glob
        return new HubDownloader(hub, revision, copy);
    }

    /** As {@link #allowPatterns(List)}. */
    public HubDownloader allowPatterns(String... globs) {
        return allowPatterns(List.of(globs));
    }

    /** This downloader with another connect and response timeout (default 30 s). */
    public HubDownloader timeout(Duration connectAndResponse) {
        return new HubDownloader(hub.timeout(connectAndResponse), revision, allowPatterns);
    }

    /** The Hub endpoint. */
    public URI endpoint() {
        return hub.endpoint();
    }

    /** The cache folder holding the {@code models--owner--name} folders. */
    public Path cacheDir() {
        return hub.cacheDir();
    }

    /** Whether network access is off. */
    public boolean isOffline() {
        return hub.isOffline();
    }

    /** The revision {@link #snapshot(String)} uses. */
    public String revision() {
        return revision;
    }

    /** Whether a token will be sent (the token itself is never exposed). */
    public boolean hasToken() {
        return hub.hasToken();
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
        HubRepository repo = hub.open(RepoType.MODEL, repoId, revision);
        if (repo.isCachedOnly()) {
            return repo.folder();
        }
        List<PathMatcher> matchers = allowPatterns.stream().map(HubDownloader::matcher).toList();
        List<String> wanted = repo.files().stream()
                .filter(file -> matchers.stream().anyMatch(m -> m.matches(Path.of(file))))
                .toList();
        if (wanted.isEmpty()) {
            throw new HubException("'" + repoId + "' at revision '" + revision + "' on " + hub.endpoint()
                    + " has no files matching " + allowPatterns);
        }
        wanted.forEach(repo::file);
        repo.recordRevision();
        return repo.folder();
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

    /**
     * A local adapter folder as is, or else a Hub repository id holding a PEFT
     * adapter ({@code adapter_config.json}, {@code adapter_model.safetensors}),
     * downloaded with {@link #ADAPTER_ALLOW_PATTERNS} (this downloader's own
     * patterns are for models): what an {@code --adapter} option accepts, e.g.
     * {@code haoranxu/ALMA-13B-Pretrain-LoRA}.
     */
    public Path resolveAdapter(String folderOrRepoId) {
        Path local = Path.of(folderOrRepoId);
        if (Files.isDirectory(local)) {
            return local;
        }
        return allowPatterns(ADAPTER_ALLOW_PATTERNS).snapshot(folderOrRepoId);
    }

    private static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    /** Settings without the token, which is only ever reported as present or absent. */
    @Override
    public String toString() {
        return "HubDownloader[endpoint=" + hub.endpoint() + ", cacheDir=" + hub.cacheDir() + ", revision="
                + revision + ", offline=" + hub.isOffline() + ", token=" + (hub.hasToken() ? "set (hidden)" : "none")
                + "]";
    }
}
