package dev.cpotoolkit.data.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The Hub's dataset endpoints on 127.0.0.1, over the fixture folders of
 * {@code src/test/resources/hub-datasets}: repository {@code fixtures/<folder>}
 * has revision {@code main} from {@code <folder>/main} and
 * {@code refs/convert/parquet} from {@code <folder>/convert-parquet}.
 * Serves {@code GET /api/datasets/<repo>/revision/<rev>} (recursive file list,
 * as the Hub gives it) and {@code GET /datasets/<repo>/resolve/<rev>/<path>}.
 * Public so the CLI's tests (through the test jar) serve datasets too.
 */
public final class FakeDatasetHub implements AutoCloseable {

    private final Path root;
    private final HttpServer server;
    /** API (listing) requests. */
    public final AtomicInteger apiRequests = new AtomicInteger();
    /** File requests. */
    public final AtomicInteger resolveRequests = new AtomicInteger();
    private volatile String cutShortSuffix;
    private volatile boolean stallInsteadOfDrop;
    private volatile String requiredToken;

    /** Serves the fixtures under {@code root} (the {@code hub-datasets} folder). */
    public FakeDatasetHub(Path root) throws IOException {
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // Daemon handler threads: a stalled response (see stall) must not keep the test JVM alive.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-dataset-hub");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** Serves the fixtures on the test class path. */
    public static FakeDatasetHub ofFixtures() throws IOException {
        return new FakeDatasetHub(fixtures());
    }

    /** The fixtures folder on the test class path. */
    public static Path fixtures() {
        try {
            return Path.of(FakeDatasetHub.class.getResource("/hub-datasets").toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The endpoint, as {@code HF_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, a file whose path ends so is cut off halfway (the connection drops mid-download). */
    public void cutShort(String pathSuffix) {
        this.cutShortSuffix = pathSuffix;
        this.stallInsteadOfDrop = false;
    }

    /** From now on, every request needs {@code Authorization: Bearer <token>} (a private or gated dataset). */
    public void requireToken(String token) {
        this.requiredToken = token;
    }

    /** From now on, a file whose path ends so stops halfway with the connection left open (a stall). */
    public void stall(String pathSuffix) {
        this.cutShortSuffix = pathSuffix;
        this.stallInsteadOfDrop = true;
    }

    /** The commit hash a repository's revision resolves to. */
    public static String commitOf(String repoId, String revision) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(("commit:" + repoId + "@" + revision).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String token = requiredToken;
            if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, Map.of("X-Error-Code", "GatedRepo"), new byte[0]);
                return;
            }
            if (path.startsWith("/api/datasets/")) {
                apiRequests.incrementAndGet();
                list(exchange, path.substring("/api/datasets/".length()));
            } else if (path.startsWith("/datasets/")) {
                resolveRequests.incrementAndGet();
                resolve(exchange, path.substring("/datasets/".length()));
            } else {
                send(exchange, 404, Map.of(), new byte[0]);
            }
        }
    }

    /** {@code owner/name/revision/<rev, URL-encoded>}. */
    private void list(HttpExchange exchange, String rest) throws IOException {
        String[] parts = rest.split("/", 4);
        if (parts.length != 4 || !parts[2].equals("revision")) {
            send(exchange, 404, Map.of("X-Error-Code", "RepoNotFound"), new byte[0]);
            return;
        }
        String repo = parts[0] + "/" + parts[1];
        String revision = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
        Path folder = folder(repo, revision);
        if (!parts[0].equals("fixtures") || !Files.isDirectory(root.resolve(parts[1]))) {
            send(exchange, 401, Map.of("X-Error-Code", "RepoNotFound"), new byte[0]);
            return;
        }
        if (folder == null) {
            send(exchange, 404, Map.of("X-Error-Code", "RevisionNotFound"), new byte[0]);
            return;
        }
        JsonObject info = new JsonObject();
        info.addProperty("id", repo);
        info.addProperty("sha", commitOf(repo, revision));
        JsonArray siblings = new JsonArray();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted()
                    .forEach(name -> {
                        JsonObject sibling = new JsonObject();
                        sibling.addProperty("rfilename", name);
                        siblings.add(sibling);
                    });
        }
        info.add("siblings", siblings);
        send(exchange, 200, Map.of(), info.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code owner/name/resolve/<rev or commit>/<path>}. */
    private void resolve(HttpExchange exchange, String rest) throws IOException {
        String[] parts = rest.split("/", 5);
        if (parts.length != 5 || !parts[2].equals("resolve")) {
            send(exchange, 404, Map.of("X-Error-Code", "RepoNotFound"), new byte[0]);
            return;
        }
        String repo = parts[0] + "/" + parts[1];
        String revision = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
        for (String known : List.of("main", "refs/convert/parquet")) {
            if (revision.equals(commitOf(repo, known))) {
                revision = known;
            }
        }
        Path folder = folder(repo, revision);
        String file = URLDecoder.decode(parts[4], StandardCharsets.UTF_8);
        Path target = folder == null ? null : folder.resolve(file).normalize();
        if (target == null || !target.startsWith(folder) || !Files.isRegularFile(target)) {
            send(exchange, 404, Map.of("X-Error-Code", "EntryNotFound"), new byte[0]);
            return;
        }
        byte[] bytes = Files.readAllBytes(target);
        Map<String, String> headers = Map.of("X-Repo-Commit", commitOf(repo, revision),
                "ETag", "\"" + sha256(bytes) + "\"");
        String cut = cutShortSuffix;
        if (cut != null && file.endsWith(cut)) {
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            if (stallInsteadOfDrop) {
                // Keep the connection open and send nothing more: the client's stall guard must act.
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            // A handler that fails makes the server close the connection: the body ends early.
            throw new IllegalStateException("connection dropped on purpose");
        }
        send(exchange, 200, headers, bytes);
    }

    private Path folder(String repo, String revision) {
        String[] parts = repo.split("/");
        String name = switch (revision) {
            case "main" -> "main";
            case "refs/convert/parquet" -> "convert-parquet";
            default -> null;
        };
        Path folder = name == null ? null : root.resolve(parts[1]).resolve(name);
        return folder != null && Files.isDirectory(folder) ? folder : null;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new UncheckedIOException(new IOException(impossible));
        }
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

    @Override
    public void close() {
        server.stop(0);
    }
}
