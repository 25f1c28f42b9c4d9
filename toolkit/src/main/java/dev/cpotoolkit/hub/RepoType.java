package dev.cpotoolkit.hub;

/**
 * The kinds of Hub repository the toolkit downloads. They differ only in
 * where the Hub serves them and where the cache keeps them, following
 * {@code huggingface_hub}: a model lives at {@code /api/models/owner/name} and
 * {@code /owner/name/resolve/...}, cached as {@code models--owner--name}; a
 * dataset at {@code /api/datasets/owner/name} and
 * {@code /datasets/owner/name/resolve/...}, cached as
 * {@code datasets--owner--name}.
 */
public enum RepoType {
    /** A model repository. */
    MODEL("models", ""),
    /** A dataset repository. */
    DATASET("datasets", "datasets/");

    private final String plural;
    private final String urlPrefix;

    RepoType(String plural, String urlPrefix) {
        this.plural = plural;
        this.urlPrefix = urlPrefix;
    }

    /** The API path segment: {@code models} or {@code datasets}. */
    String apiSegment() {
        return plural;
    }

    /** What precedes {@code owner/name} in a resolve URL: nothing for models, {@code datasets/} for datasets. */
    String resolvePrefix() {
        return urlPrefix;
    }

    /** The cache folder's prefix: {@code models--} or {@code datasets--}. */
    String cachePrefix() {
        return plural + "--";
    }

    /** The word for messages: {@code model} or {@code dataset}. */
    String noun() {
        return plural.substring(0, plural.length() - 1);
    }
}
