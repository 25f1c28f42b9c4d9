package dev.cpotoolkit.model.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1: the model-info API and the
 * resolve endpoint over the test fixture folders, a redirect to a "CDN" path
 * for {@code .safetensors} files (as the Hub does for LFS files), a required
 * bearer token, and request counters. Nothing here reaches a real host.
 */
public final class FakeHub implements AutoCloseable {

    /** repo id to fixture folder. */
    private final Map<String, Path> repos;
    private final String requiredToken;
    private final HttpServer server;

    final AtomicInteger apiRequests = new AtomicInteger();
    final AtomicInteger resolveRequests = new AtomicInteger();
    final AtomicInteger cdnRequests = new AtomicInteger();
    /** Every Authorization header seen, by path kind ("api", "resolve", "cdn"), "-" when absent. */
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    /**
     * @param repos         repository id to the folder whose files it serves
     * @param requiredToken the bearer token every Hub request must carry, or null for none
     */
    public FakeHub(Map<String, Path> repos, String requiredToken) throws IOException {
        this.repos = new ConcurrentHashMap<>(repos);
        this.requiredToken = requiredToken;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Path fixture(String name) {
        try {
            return Path.of(FakeHub.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The fake commit hash of a repo: stable, 40 hex digits. */
    static String commitOf(String repoId) {
        return sha("commit:" + repoId, "SHA-1");
    }

    /** The Hub's URL; the "CDN" a redirect points to is always this one. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The same server under another host name, so redirects to {@link #endpoint()} leave the host. */
    String endpointAsLocalhost() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    int downloadRequests() {
        return resolveRequests.get() + cdnRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String kind = path.startsWith("/api/") ? "api" : path.startsWith("/cdn/") ? "cdn" : "resolve";
            authorizations.add(kind + ":" + (auth == null ? "-" : auth));
            switch (kind) {
                case "api" -> apiRequests.incrementAndGet();
                case "cdn" -> cdnRequests.incrementAndGet();
                default -> resolveRequests.incrementAndGet();
            }
            // The CDN's signed URLs need no token; the Hub itself does.
            if (!kind.equals("cdn") && requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
                send(exchange, 401, Map.of("X-Error-Code", "Unauthorized"), "{\"error\":\"Invalid credentials\"}");
                return;
            }
            switch (kind) {
                case "api" -> api(exchange, path.substring("/api/models/".length()));
                case "cdn" -> cdn(exchange, path.substring("/cdn/".length()));
                default -> resolve(exchange, path.substring(1));
            }
        }
    }

    /** {@code owner/name/revision/<rev>}. */
    private void api(HttpExchange exchange, String rest) throws IOException {
        String[] parts = rest.split("/", 4);
        String repo = parts.length == 4 ? parts[0] + "/" + parts[1] : "";
        Path folder = repos.get(repo);
        if (folder == null || !parts[2].equals("revision")) {
            send(exchange, 404, Map.of("X-Error-Code", "RepoNotFound"), "{\"error\":\"Repository not found\"}");
            return;
        }
        if (!revisionExists(repo, parts[3])) {
            send(exchange, 404, Map.of("X-Error-Code", "RevisionNotFound"), "{\"error\":\"Invalid rev id\"}");
            return;
        }
        JsonObject info = new JsonObject();
        info.addProperty("id", repo);
        info.addProperty("sha", commitOf(repo));
        JsonArray siblings = new JsonArray();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString()).sorted().forEach(name -> {
                JsonObject sibling = new JsonObject();
                sibling.addProperty("rfilename", name);
                siblings.add(sibling);
            });
        }
        info.add("siblings", siblings);
        send(exchange, 200, Map.of(), info.toString());
    }

    /** {@code owner/name/resolve/<rev>/<file>}. */
    private void resolve(HttpExchange exchange, String rest) throws IOException {
        String[] parts = rest.split("/", 5);
        String repo = parts.length == 5 ? parts[0] + "/" + parts[1] : "";
        Path folder = repos.get(repo);
        if (folder == null || !parts[2].equals("resolve") || !revisionExists(repo, parts[3])) {
            send(exchange, 404, Map.of("X-Error-Code", "RepoNotFound"), "");
            return;
        }
        Path file = folder.resolve(parts[4]);
        if (!Files.isRegularFile(file)) {
            send(exchange, 404, Map.of("X-Error-Code", "EntryNotFound"), "");
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (parts[4].endsWith(".safetensors")) {
            // As the Hub does for LFS files: commit and SHA-256 ETag here, content at the CDN.
            send(exchange, 302, Map.of("Location", endpoint() + "/cdn/" + repo + "/" + parts[4] + "?signature=abc",
                    "X-Repo-Commit", commitOf(repo),
                    "X-Linked-Etag", "\"" + sha(bytes, "SHA-256") + "\"",
                    "ETag", "W/\"redirect-etag\""), "");
            return;
        }
        // A git-stored file: its ETag is a SHA-1 (of the blob, on the real Hub).
        send(exchange, 200, Map.of("X-Repo-Commit", commitOf(repo),
                "ETag", "\"" + sha(bytes, "SHA-1") + "\""), bytes);
    }

    private void cdn(HttpExchange exchange, String rest) throws IOException {
        String[] parts = rest.split("/", 3);
        Path folder = repos.get(parts[0] + "/" + parts[1]);
        send(exchange, 200, Map.of("ETag", "\"cdn-etag\""), Files.readAllBytes(folder.resolve(parts[2])));
    }

    private static boolean revisionExists(String repo, String revision) {
        return revision.equals("main") || revision.equals(commitOf(repo));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        send(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String sha(String text, String algorithm) {
        return sha(text.getBytes(StandardCharsets.UTF_8), algorithm);
    }

    static String sha(byte[] bytes, String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
