package dev.cpotoolkit.hub;

import java.util.regex.Pattern;

/**
 * Checks the names that end up in URLs and cache paths (repository ids,
 * revisions, file names), so a malicious listing or a typo can never write
 * outside the cache folder.
 */
final class RepoNames {

    private static final Pattern REPO_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private RepoNames() {}

    /** Validates {@code owner/name} (or a legacy single-part id such as {@code gpt2}). */
    static String repoId(String repoId) {
        if (repoId == null) {
            throw new IllegalArgumentException("repository id is null");
        }
        String[] parts = repoId.split("/", -1);
        boolean valid = parts.length <= 2;
        for (String part : parts) {
            valid &= REPO_PART.matcher(part).matches() && !part.contains("..") && part.length() <= 96;
        }
        if (!valid) {
            throw new IllegalArgumentException("not a Hugging Face repository id (expected owner/name): '"
                    + repoId + "'");
        }
        return repoId;
    }

    /** The cache folder name: {@code models--owner--name} or {@code datasets--owner--name}. */
    static String cacheFolderName(RepoType type, String repoId) {
        return type.cachePrefix() + repoId.replace("/", "--");
    }

    /** Validates a revision (branch, tag, {@code refs/pr/1} or commit hash). */
    static String revision(String revision) {
        if (revision == null || revision.isBlank() || !safeRelativePath(revision)) {
            throw new IllegalArgumentException("invalid revision '" + revision + "'");
        }
        return revision;
    }

    /** True for a full 40-character commit hash. */
    static boolean isCommit(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** A repository file path ({@code a/b.json}) that stays inside the folder it is resolved against. */
    static boolean safeRelativePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
