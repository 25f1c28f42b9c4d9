package dev.cpotoolkit.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * One repository's folder in the standard Hugging Face cache, shared with
 * Python's {@code huggingface_hub} ({@code datasets--owner--name} for a dataset):
 *
 * <pre>
 * models--owner--name/
 *   blobs/&lt;etag or sha256&gt;         file contents, stored once
 *   refs/&lt;revision&gt;                the commit hash a branch or tag pointed at
 *   snapshots/&lt;commit&gt;/&lt;file&gt;     symlinks into blobs (copies where links fail)
 * </pre>
 */
final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);

    private final Path repoFolder;

    HubCache(Path cacheDir, RepoType type, String repoId) {
        this.repoFolder = cacheDir.resolve(RepoNames.cacheFolderName(type, repoId));
    }

    Path repoFolder() {
        return repoFolder;
    }

    Path snapshot(String commit) {
        return repoFolder.resolve("snapshots").resolve(commit);
    }

    Path blob(String key) {
        return repoFolder.resolve("blobs").resolve(key);
    }

    /**
     * The commit a revision resolves to from the cache alone: the revision itself
     * when it is a commit hash with a snapshot, else the hash stored in
     * {@code refs/<revision>}.
     */
    Optional<String> cachedCommit(String revision) {
        if (RepoNames.isCommit(revision) && Files.isDirectory(snapshot(revision))) {
            return Optional.of(revision);
        }
        Path ref = repoFolder.resolve("refs").resolve(revision);
        try {
            if (Files.isRegularFile(ref)) {
                String commit = Files.readString(ref).strip();
                if (RepoNames.isCommit(commit) && Files.isDirectory(snapshot(commit))) {
                    return Optional.of(commit);
                }
            }
        } catch (IOException unreadable) {
            LOG.warn("cannot read cache ref {}: {}", ref, unreadable.getMessage());
        }
        return Optional.empty();
    }

    /** Records that {@code revision} points at {@code commit} (nothing to record for a commit hash). */
    void writeRef(String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = repoFolder.resolve("refs").resolve(revision);
        Files.createDirectories(ref.getParent());
        Path temp = CacheFiles.createTempFile(ref.getParent(), ".ref.", ".part");
        try {
            Files.writeString(temp, commit);
            CacheFiles.move(temp, ref);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** True when the snapshot already has this file and its blob is really there. */
    boolean hasFile(String commit, String file) {
        // Files.exists follows the link, so a dangling link (blob deleted) counts as missing.
        return Files.exists(snapshot(commit).resolve(file));
    }

    /** A fresh temporary file in {@code blobs/}, on the same file system as its final place. */
    Path newIncompleteBlob() throws IOException {
        Path blobs = repoFolder.resolve("blobs");
        Files.createDirectories(blobs);
        return CacheFiles.createTempFile(blobs, ".download.", ".incomplete");
    }

    /** Moves a completed download into {@code blobs/<key>} (keeping an identical existing blob). */
    Path storeBlob(Path download, String key) throws IOException {
        Path blob = blob(key);
        CacheFiles.move(download, blob);
        return blob;
    }

    /**
     * Makes {@code snapshots/<commit>/<file>} point at the blob: a relative
     * symlink, as {@code huggingface_hub} makes, or a copy where the file system
     * or platform refuses links (Windows without developer mode, some mounts).
     */
    Path link(String commit, String file, Path blob) throws IOException {
        Path target = snapshot(commit).resolve(file);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".link");
        Files.deleteIfExists(temp);
        try {
            Files.createSymbolicLink(temp, target.getParent().relativize(blob));
        } catch (IOException | UnsupportedOperationException | SecurityException noLinks) {
            LOG.debug("symlinks unavailable ({}); copying {}", noLinks.toString(), file);
            Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        CacheFiles.move(temp, target);
        return target;
    }
}
