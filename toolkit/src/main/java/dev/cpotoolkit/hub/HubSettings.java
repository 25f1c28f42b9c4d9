package dev.cpotoolkit.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the Hugging Face environment variables the way {@code huggingface_hub}
 * does, from a map rather than {@link System#getenv()} directly so tests can
 * supply their own environment.
 */
final class HubSettings {

    static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private HubSettings() {}

    /**
     * The hub cache: {@code HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else
     * {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}.
     */
    static Path cacheDir(Map<String, String> env) {
        String hubCache = nonBlank(env.get("HF_HUB_CACHE"));
        if (hubCache != null) {
            return expandHome(hubCache);
        }
        return hfHome(env).resolve("hub");
    }

    /** {@code HF_HOME}, else {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}. */
    static Path hfHome(Map<String, String> env) {
        String home = nonBlank(env.get("HF_HOME"));
        if (home != null) {
            return expandHome(home);
        }
        String xdg = nonBlank(env.get("XDG_CACHE_HOME"));
        Path cache = xdg != null ? expandHome(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("huggingface");
    }

    /** {@code HF_ENDPOINT} without a trailing slash, else the public Hub. */
    static URI endpoint(Map<String, String> env) {
        String endpoint = nonBlank(env.get("HF_ENDPOINT"));
        return normalizeEndpoint(endpoint == null ? DEFAULT_ENDPOINT : endpoint);
    }

    static URI normalizeEndpoint(String endpoint) {
        String trimmed = endpoint.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri = URI.create(trimmed);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("Hub endpoint must be an http(s) URL, was '" + endpoint + "'");
        }
        return uri;
    }

    /**
     * {@code HF_TOKEN}, else the legacy {@code HUGGING_FACE_HUB_TOKEN}, else the
     * file {@code huggingface-cli login} writes ({@code HF_TOKEN_PATH}, default
     * {@code $HF_HOME/token}); {@code null} when there is none.
     */
    static String token(Map<String, String> env) {
        String token = nonBlank(env.get("HF_TOKEN"));
        if (token == null) {
            token = nonBlank(env.get("HUGGING_FACE_HUB_TOKEN"));
        }
        if (token != null) {
            return token;
        }
        String tokenPath = nonBlank(env.get("HF_TOKEN_PATH"));
        Path file = tokenPath != null ? expandHome(tokenPath) : hfHome(env).resolve("token");
        try {
            return Files.isRegularFile(file) ? nonBlank(Files.readString(file)) : null;
        } catch (IOException | SecurityException unreadable) {
            return null;
        }
    }

    /** {@code HF_HUB_OFFLINE} set to 1, true, yes or on. */
    static boolean offline(Map<String, String> env) {
        String value = nonBlank(env.get("HF_HUB_OFFLINE"));
        return value != null && switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
