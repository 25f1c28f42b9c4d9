package dev.cpotoolkit.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One revision of a Hub repository, opened by {@link HubSnapshots#open}: its
 * commit, its file list, and its files on demand. A file is downloaded into
 * the cache the first time it is asked for and read from the snapshot after
 * that; a repository opened from the cache (offline) lists and serves only
 * what the snapshot already holds.
 */
public final class HubRepository {

    private static final Logger LOG = LoggerFactory.getLogger(HubRepository.class);

    private final RepoType type;
    private final String repoId;
    private final String revision;
    private final String commit;
    private final List<String> files;
    private final HubCache cache;
    private final HubClient client;
    private final URI endpoint;

    private HubRepository(RepoType type, String repoId, String revision, String commit, List<String> files,
                          HubCache cache, HubClient client, URI endpoint) {
        this.type = type;
        this.repoId = repoId;
        this.revision = revision;
        this.commit = commit;
        this.files = files;
        this.cache = cache;
        this.client = client;
        this.endpoint = endpoint;
    }

    static HubRepository online(RepoType type, String repoId, String revision, HubClient.Listing listing,
                                HubCache cache, HubClient client, URI endpoint) {
        List<String> safe = listing.files().stream().filter(RepoNames::safeRelativePath).toList();
        return new HubRepository(type, repoId, revision, listing.commit(), safe, cache, client, endpoint);
    }

    static HubRepository cached(RepoType type, String repoId, String revision, String commit, HubCache cache) {
        Path snapshot = cache.snapshot(commit);
        List<String> present;
        try (Stream<Path> walk = Files.walk(snapshot)) {
            present = walk.filter(Files::isRegularFile) // follows the links into blobs; dangling ones drop out
                    .map(p -> snapshot.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.startsWith(".") && !name.contains("/."))
                    .sorted()
                    .toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot list the cached snapshot " + snapshot, unreadable);
        }
        return new HubRepository(type, repoId, revision, commit, present, cache, null, null);
    }

    /** The repository kind. */
    public RepoType type() {
        return type;
    }

    /** {@code owner/name}. */
    public String repoId() {
        return repoId;
    }

    /** The revision asked for (branch, tag or commit). */
    public String revision() {
        return revision;
    }

    /** The commit hash the revision points at. */
    public String commit() {
        return commit;
    }

    /** Whether this revision came from the cache alone (offline, or the Hub unreachable). */
    public boolean isCachedOnly() {
        return client == null;
    }

    /** The repository's file paths ({@code data/train-00000-of-00001.parquet}); offline, those cached. */
    public List<String> files() {
        return files;
    }

    /** The snapshot folder, {@code <cache>/datasets--owner--name/snapshots/<commit>}. */
    public Path folder() {
        return cache.snapshot(commit);
    }

    /**
     * The file in the snapshot, downloaded first when the cache lacks it.
     *
     * @throws HubException when the file is not in the repository, the
     *     download fails, or it is not cached while offline
     */
    public Path file(String name) {
        if (!RepoNames.safeRelativePath(name)) {
            throw new IllegalArgumentException("not a repository file path: '" + name + "'");
        }
        if (cache.hasFile(commit, name)) {
            return cache.snapshot(commit).resolve(name);
        }
        if (client == null) {
            throw new HubException("offline (HF_HUB_OFFLINE or no connection) and " + name + " of " + type.noun()
                    + " '" + repoId + "' at revision '" + revision + "' is not in the cache at "
                    + cache.repoFolder() + "; download it once with network access");
        }
        if (!files.contains(name)) {
            throw new HubException(type.noun() + " '" + repoId + "' at revision '" + revision + "' on " + endpoint
                    + " has no file " + name);
        }
        LOG.info("downloading {}/{} ({})", repoId, name, commit.substring(0, 8));
        HubClient.Download download = client.download(repoId, commit, name, cache);
        if (download.commitHeader() != null && !download.commitHeader().equals(commit)) {
            LOG.warn("{}: Hub reported commit {} for {}, expected {}", repoId, download.commitHeader(), name, commit);
        }
        try {
            return cache.link(commit, name, download.blob());
        } catch (IOException failure) {
            throw cacheFailure(failure);
        }
    }

    /**
     * Records in the cache's {@code refs/} that the revision points at this
     * commit, so it resolves offline later. Call once the files needed are
     * downloaded: an interrupted download then never passes for a complete one.
     */
    public void recordRevision() {
        if (client == null) {
            return;
        }
        try {
            cache.writeRef(revision, commit);
        } catch (IOException failure) {
            throw cacheFailure(failure);
        }
    }

    private HubException cacheFailure(IOException failure) {
        return new HubException("cannot write the Hugging Face cache at " + cache.repoFolder() + ": "
                + failure.getMessage(), failure);
    }

    @Override
    public String toString() {
        return type.noun() + " " + repoId + "@" + revision + " (" + commit + ")";
    }
}
