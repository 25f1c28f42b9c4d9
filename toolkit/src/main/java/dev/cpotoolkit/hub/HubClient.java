package dev.cpotoolkit.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two Hub HTTP calls a snapshot needs: list a revision's files, and fetch
 * one file. Redirects are followed here rather than by {@link HttpClient}, so
 * the token is sent only to the endpoint's own host (the Hub redirects large
 * files to a CDN with signed URLs, which must not see it), and so the Hub's
 * own {@code X-Repo-Commit} and {@code ETag} headers are read from its first
 * answer, before the CDN's.
 *
 * <p>The token lives only in the {@code Authorization} header; no message built
 * here includes headers, so it can never leak into an exception.
 */
final class HubClient {

    private static final int MAX_REDIRECTS = 10;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SAFE_ETAG = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** A revision's commit hash and file list. */
    record Listing(String commit, List<String> files) {}

    /** A downloaded file stored as a blob, with the commit the Hub said it came from (or null). */
    record Download(Path blob, String commitHeader) {}

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final Duration timeout;

    private final RepoType type;

    HubClient(URI endpoint, String token, Duration timeout, RepoType type) {
        this.type = type;
        this.endpoint = endpoint;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code GET {endpoint}/api/models/{repo}/revision/{revision}} ({@code api/datasets} for a dataset). */
    Listing list(String repoId, String revision) {
        URI uri = URI.create(endpoint + "/api/" + type.apiSegment() + "/" + repoId + "/revision/"
                + encode(revision));
        HttpResponse<InputStream> response = send(uri, repoId, revision, "listing files");
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new HubException("reading the file list of '" + repoId + "' from " + endpoint + " failed: "
                    + failure.getMessage(), failure);
        }
        try {
            JsonObject root = JsonParser.parseString(body).getAsJsonObject();
            JsonElement sha = root.get("sha");
            if (sha == null || !RepoNames.isCommit(sha.getAsString())) {
                throw new HubException("the Hub at " + endpoint + " gave no commit hash ('sha') for '" + repoId
                        + "' at revision '" + revision + "'");
            }
            List<String> files = new ArrayList<>();
            JsonElement siblings = root.get("siblings");
            if (siblings != null && siblings.isJsonArray()) {
                for (JsonElement sibling : siblings.getAsJsonArray()) {
                    files.add(sibling.getAsJsonObject().get("rfilename").getAsString());
                }
            }
            return new Listing(sha.getAsString(), files);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException bad) {
            throw new HubException("the Hub at " + endpoint + " answered with an unexpected file list for '"
                    + repoId + "' (not the Hub API JSON)", bad);
        }
    }

    /**
     * {@code GET {endpoint}/{repo}/resolve/{commit}/{file}} (under {@code /datasets/} for a
     * dataset) into a blob of
     * {@code cache}, named by the Hub's ETag or, failing that, the SHA-256 of
     * the content. Written to a temporary file first: no half blobs.
     */
    Download download(String repoId, String commit, String file, HubCache cache) {
        StringBuilder path = new StringBuilder();
        for (String segment : file.split("/")) {
            path.append('/').append(encode(segment));
        }
        URI uri = URI.create(endpoint + "/" + type.resolvePrefix() + repoId + "/resolve/" + encode(commit) + path);
        String what = "downloading " + file;
        Redirected redirected = sendFollowing(uri, repoId, commit, what);
        HttpResponse<InputStream> response = redirected.response;
        Path incomplete = null;
        try {
            incomplete = cache.newIncompleteBlob();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long expectedLength = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long written = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(incomplete)) {
                byte[] buffer = new byte[1 << 16];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, n);
                        sha256.update(buffer, 0, n);
                        written += n;
                    }
                } catch (TimedBody.Stalled stalled) {
                    throw new HubException(what + " of '" + repoId + "' from " + endpoint + ": " + stalled.getMessage()
                            + " after " + written + " of " + (expectedLength >= 0 ? expectedLength : "?")
                            + " bytes (the connection stalled)", stalled);
                }
            }
            if (expectedLength >= 0 && written != expectedLength) {
                throw new HubException(what + " of '" + repoId + "' from " + endpoint + " stopped after " + written
                        + " of " + expectedLength + " bytes");
            }
            String digest = HexFormat.of().formatHex(sha256.digest());
            String etag = redirected.etag;
            // An LFS file's ETag is its SHA-256: check it, so a corrupt transfer is never cached.
            if (etag != null && SHA256.matcher(etag).matches() && !etag.equals(digest)) {
                throw new HubException(what + " of '" + repoId + "' from " + endpoint
                        + ": content does not match its SHA-256 ETag (corrupted transfer)");
            }
            String key = etag != null && SAFE_ETAG.matcher(etag).matches() ? etag : digest;
            Path blob = cache.storeBlob(incomplete, key);
            incomplete = null;
            return new Download(blob, redirected.commit);
        } catch (IOException failure) {
            throw new HubException(what + " of '" + repoId + "' from " + endpoint + " failed: "
                    + failure.getMessage(), failure);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        } finally {
            if (incomplete != null) {
                try {
                    Files.deleteIfExists(incomplete);
                } catch (IOException ignored) {
                    // A leftover .incomplete file is harmless: it is never read.
                }
            }
        }
    }

    /** A final response plus the Hub headers read from the first one. */
    private record Redirected(HttpResponse<InputStream> response, String etag, String commit) {}

    private Redirected sendFollowing(URI first, String repoId, String revision, String what) {
        URI uri = first;
        String etag = null;
        String commit = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = exchange(uri, repoId, what);
            if (hop == 0) {
                etag = cleanEtag(response.headers().firstValue("X-Linked-Etag")
                        .or(() -> response.headers().firstValue("ETag")));
                commit = response.headers().firstValue("X-Repo-Commit").orElse(null);
            }
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status / 100 == 3 && location.isPresent()) {
                closeQuietly(response);
                uri = uri.resolve(location.get());
                continue;
            }
            check(response, repoId, revision, what);
            return new Redirected(response, etag, commit);
        }
        throw new HubException(what + " of '" + repoId + "': more than " + MAX_REDIRECTS + " redirects from "
                + endpoint);
    }

    private HttpResponse<InputStream> send(URI uri, String repoId, String revision, String what) {
        return sendFollowing(uri, repoId, revision, what).response;
    }

    private HttpResponse<InputStream> exchange(URI uri, String repoId, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("User-Agent", "cpo-toolkit (java.net.http)");
        if (token != null && sameHost(uri)) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), TimedBody.handler(timeout));
        } catch (HttpConnectTimeoutException | ConnectException noConnection) {
            throw new HubException("cannot connect to the Hugging Face endpoint " + endpoint
                    + " (HF_ENDPOINT) while " + what + " of '" + repoId + "': "
                    + Objects.requireNonNullElse(noConnection.getMessage(), "connection refused")
                    + ". Check the network, or set HF_HUB_OFFLINE=1 to use the cache only", noConnection);
        } catch (HttpTimeoutException slow) {
            throw new HubException("the Hugging Face endpoint " + endpoint + " did not answer within " + timeout
                    + " while " + what + " of '" + repoId + "'", slow);
        } catch (IOException failure) {
            throw new HubException(what + " of '" + repoId + "' from " + endpoint + " failed: "
                    + failure.getMessage(), failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new HubException(what + " of '" + repoId + "' was interrupted", interrupted);
        }
    }

    /** The token goes to the endpoint's host only, never to a CDN a redirect points at. */
    private boolean sameHost(URI uri) {
        return endpoint.getHost().equalsIgnoreCase(uri.getHost()) && endpoint.getPort() == uri.getPort()
                && endpoint.getScheme().equalsIgnoreCase(uri.getScheme());
    }

    private void check(HttpResponse<InputStream> response, String repoId, String revision, String what) {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        closeQuietly(response);
        String errorCode = response.headers().firstValue("X-Error-Code").orElse("");
        String where = "'" + repoId + "' at revision '" + revision + "' on " + endpoint;
        String message = switch (status) {
            case 401, 403 -> "access denied (HTTP " + status + ") " + what + " of " + where + ": "
                    + (token == null
                        ? "no token was sent; set HF_TOKEN to a token that can read this repository"
                        : "the token in HF_TOKEN was refused or cannot read this repository")
                    + " (private and gated repositories need one; the Hub also answers 401 for a repository"
                    + " that does not exist)";
            case 404 -> switch (errorCode) {
                case "RevisionNotFound" -> "revision '" + revision + "' not found in '" + repoId + "' on " + endpoint;
                case "EntryNotFound" -> "file not found (HTTP 404) " + what + " of " + where;
                default -> "repository or revision not found (HTTP 404) " + what + " of " + where
                        + ": check the repository id and revision";
            };
            default -> "HTTP " + status + " from the Hub " + what + " of " + where;
        };
        throw new HubException(message);
    }

    private static String cleanEtag(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String etag = header.get().strip();
        if (etag.startsWith("W/")) {
            etag = etag.substring(2);
        }
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            etag = etag.substring(1, etag.length() - 1);
        }
        return etag.isEmpty() ? null : etag;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void closeQuietly(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // Only discarding an error or redirect body.
        }
    }
}
