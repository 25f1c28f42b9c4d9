package dev.cpotoolkit.model.hub;

import dev.cpotoolkit.hub.HubException;

import dev.cpotoolkit.model.checkpoint.WeightSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubDownloaderTest {

    static final String TOKEN = "hf_SECRETtoken1234567890";
    static final String REPO = "tiny/gpt2";
    static final List<String> EXPECTED_FILES = List.of(
            "config.json", "logits.safetensors", "model.safetensors", "tokenizer.json", "tokenizer_config.json");

    @TempDir
    Path home;

    FakeHub hub;
    Path cache;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub(Map.of(REPO, FakeHub.fixture("tiny-gpt2"), "tiny/llama", FakeHub.fixture("tiny-llama")),
                TOKEN);
        cache = home.resolve("hub-cache");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    /** A downloader from an injected environment, never the real one. */
    HubDownloader downloader(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "HF_HUB_CACHE", cache.toString(), "HF_ENDPOINT", hub.endpoint(), "HF_TOKEN", TOKEN,
                "HF_HOME", home.resolve("hf-home").toString()));
        env.putAll(extra);
        env.values().removeIf(String::isEmpty);
        return HubDownloader.fromEnvironment(env).timeout(Duration.ofSeconds(10));
    }

    HubDownloader downloader() {
        return downloader(Map.of());
    }

    static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsIntoTheHuggingFaceCacheLayout() throws Exception {
        Path snapshot = downloader().snapshot(REPO);

        String commit = FakeHub.commitOf(REPO);
        Path repoFolder = cache.resolve("models--tiny--gpt2");
        assertEquals(repoFolder.resolve("snapshots").resolve(commit), snapshot);
        assertEquals(commit, Files.readString(repoFolder.resolve("refs/main")));
        assertEquals(EXPECTED_FILES, listing(snapshot), "only causal-LM files; expected.json is skipped");
        for (String file : EXPECTED_FILES) {
            Path link = snapshot.resolve(file);
            assertTrue(Files.isSymbolicLink(link), file + " should link into blobs");
            Path blob = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            assertEquals(repoFolder.resolve("blobs"), blob.getParent());
            assertArrayEquals(Files.readAllBytes(FakeHub.fixture("tiny-gpt2/" + file)), Files.readAllBytes(link),
                    file + " must be byte-identical");
        }
        // LFS files are keyed by their SHA-256, git files by their ETag.
        byte[] weights = Files.readAllBytes(FakeHub.fixture("tiny-gpt2/model.safetensors"));
        assertTrue(Files.exists(repoFolder.resolve("blobs").resolve(FakeHub.sha(weights, "SHA-256"))));
        byte[] config = Files.readAllBytes(FakeHub.fixture("tiny-gpt2/config.json"));
        assertTrue(Files.exists(repoFolder.resolve("blobs").resolve(FakeHub.sha(config, "SHA-1"))));
        // No temporaries left behind.
        assertEquals(EXPECTED_FILES.size(), listing(repoFolder.resolve("blobs")).size());
        // And the snapshot is a model folder.
        try (WeightSource weights2 = WeightSource.open(snapshot)) {
            assertTrue(weights2.contains("transformer.wte.weight"));
        }
        assertEquals(1, hub.apiRequests.get());
        assertEquals(EXPECTED_FILES.size(), hub.resolveRequests.get());
        assertEquals(2, hub.cdnRequests.get(), "the two .safetensors files come through the redirect");
    }

    @Test
    void secondCallUsesTheCache() {
        Path first = downloader().snapshot(REPO);
        int downloads = hub.downloadRequests();
        Path second = downloader().snapshot(REPO);
        assertEquals(first, second);
        assertEquals(downloads, hub.downloadRequests(), "no file downloaded twice");
        assertEquals(2, hub.apiRequests.get(), "online, the revision is still checked");
    }

    @Test
    void aDeletedSnapshotFileIsFetchedAgain() throws IOException {
        Path snapshot = downloader().snapshot(REPO);
        Files.delete(snapshot.resolve("config.json"));
        int downloads = hub.downloadRequests();
        downloader().snapshot(REPO);
        assertEquals(downloads + 1, hub.downloadRequests());
        assertTrue(Files.exists(snapshot.resolve("config.json")));
    }

    @Test
    void offlineServesFromTheCacheWithoutTheNetwork() {
        Path online = downloader().snapshot(REPO);
        int requests = hub.apiRequests.get() + hub.downloadRequests();
        Path offline = downloader(Map.of("HF_HUB_OFFLINE", "1")).snapshot(REPO);
        assertEquals(online, offline);
        assertEquals(requests, hub.apiRequests.get() + hub.downloadRequests(), "offline means no requests");
        // A commit hash works offline too.
        assertEquals(online, downloader().offline(true).snapshot(REPO, FakeHub.commitOf(REPO)));
    }

    @Test
    void offlineCacheMissFailsClearly() {
        HubException error = assertThrows(HubException.class,
                () -> downloader(Map.of("HF_HUB_OFFLINE", "true")).snapshot(REPO));
        assertTrue(error.getMessage().contains("'" + REPO + "'"), error.getMessage());
        assertTrue(error.getMessage().contains(cache.resolve("models--tiny--gpt2").toString()), error.getMessage());
        assertTrue(error.getMessage().contains("HF_HUB_OFFLINE"), error.getMessage());
        assertEquals(0, hub.apiRequests.get() + hub.downloadRequests());
    }

    @Test
    void tokenIsSentAsBearerToTheHubButNotToAnotherHostARedirectPointsAt() {
        // Endpoint "localhost", CDN redirects to "127.0.0.1": another host, as the real CDN is.
        downloader(Map.of("HF_ENDPOINT", hub.endpointAsLocalhost())).snapshot(REPO);
        assertEquals(2, hub.cdnRequests.get());
        for (String seen : hub.authorizations) {
            String expected = seen.startsWith("cdn:") ? "-" : "Bearer " + TOKEN;
            assertEquals(expected, seen.substring(seen.indexOf(':') + 1), seen);
        }
    }

    @Test
    void wrongOrMissingTokenGivesAnAccessErrorThatNeverShowsTheToken() {
        String wrong = "hf_WRONGtoken0987654321";
        HubException denied = assertThrows(HubException.class,
                () -> downloader(Map.of("HF_TOKEN", wrong)).snapshot(REPO));
        assertTrue(denied.getMessage().contains("401"), denied.getMessage());
        assertTrue(denied.getMessage().contains("HF_TOKEN"), denied.getMessage());
        assertFalse(denied.getMessage().contains(wrong), "token leaked: " + denied.getMessage());
        assertFalse(denied.getMessage().contains("WRONG"), "token leaked: " + denied.getMessage());

        HubException anonymous = assertThrows(HubException.class,
                () -> downloader(Map.of("HF_TOKEN", "")).snapshot(REPO));
        assertTrue(anonymous.getMessage().contains("no token was sent"), anonymous.getMessage());
    }

    @Test
    void notFoundNamesTheRepositoryAndNeverShowsTheToken() {
        HubException missing = assertThrows(HubException.class, () -> downloader().snapshot("tiny/nothing"));
        assertTrue(missing.getMessage().contains("404"), missing.getMessage());
        assertTrue(missing.getMessage().contains("'tiny/nothing'"), missing.getMessage());
        assertFalse(missing.getMessage().contains(TOKEN), missing.getMessage());

        HubException badRevision = assertThrows(HubException.class, () -> downloader().snapshot(REPO, "v9"));
        assertTrue(badRevision.getMessage().contains("revision 'v9' not found"), badRevision.getMessage());
    }

    @Test
    void toStringHidesTheToken() {
        String text = downloader().toString();
        assertFalse(text.contains(TOKEN), text);
        assertTrue(text.contains("token=set (hidden)"), text);
        assertTrue(downloader().hasToken());
    }

    @Test
    void connectionRefusedNamesTheEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + closedPort;
        HubException error = assertThrows(HubException.class,
                () -> downloader(Map.of("HF_ENDPOINT", dead)).snapshot(REPO));
        assertTrue(error.getMessage().contains(dead), error.getMessage());
        assertTrue(error.getMessage().contains("cannot connect"), error.getMessage());
        assertFalse(error.getMessage().contains(TOKEN), error.getMessage());
    }

    @Test
    void noNetworkFallsBackToACachedSnapshot() throws IOException {
        Path cached = downloader().snapshot(REPO);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(cached, downloader(Map.of("HF_ENDPOINT", "http://127.0.0.1:" + closedPort)).snapshot(REPO));
    }

    @Test
    void allowPatternsChooseTheFiles() throws IOException {
        Path snapshot = downloader().allowPatterns("config.json", "tokenizer*.json").snapshot(REPO);
        assertEquals(List.of("config.json", "tokenizer.json", "tokenizer_config.json"), listing(snapshot));
    }

    @Test
    void hfHubCacheTakesPrecedenceOverHfHome() {
        Path hfHome = home.resolve("hf-home");
        Path hubCache = home.resolve("explicit-cache");
        assertEquals(hubCache, HubDownloader.fromEnvironment(
                Map.of("HF_HOME", hfHome.toString(), "HF_HUB_CACHE", hubCache.toString())).cacheDir());
        assertEquals(hfHome.resolve("hub"), HubDownloader.fromEnvironment(
                Map.of("HF_HOME", hfHome.toString())).cacheDir());
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"),
                HubDownloader.fromEnvironment(Map.of()).cacheDir());
        assertEquals("https://huggingface.co", HubDownloader.fromEnvironment(Map.of()).endpoint().toString());
        assertEquals("main", HubDownloader.fromEnvironment(Map.of()).revision());
    }

    @Test
    void hfHomeCacheIsUsedForDownloads() {
        Path hfHome = home.resolve("hf-home");
        Path snapshot = downloader(Map.of("HF_HUB_CACHE", "")).snapshot("tiny/llama");
        assertTrue(snapshot.startsWith(hfHome.resolve("hub").resolve("models--tiny--llama")), snapshot.toString());
    }

    @Test
    void tokenFileFromLoginIsRead() throws IOException {
        Path hfHome = home.resolve("hf-home");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), TOKEN + "\n");
        Path snapshot = downloader(Map.of("HF_TOKEN", "")).snapshot(REPO);
        assertTrue(Files.exists(snapshot.resolve("config.json")));
    }

    @Test
    void rejectsRepoIdsAndRevisionsThatCouldEscapeTheCache() {
        assertThrows(IllegalArgumentException.class, () -> downloader().snapshot("../etc"));
        assertThrows(IllegalArgumentException.class, () -> downloader().snapshot("a/b/c"));
        assertThrows(IllegalArgumentException.class, () -> downloader().snapshot(REPO, "../../x"));
        assertEquals(0, hub.apiRequests.get());
    }

    @Test
    void resolveKeepsALocalFolder() {
        Path local = FakeHub.fixture("tiny-qwen2");
        assertEquals(local, downloader().resolve(local.toString()));
        assertEquals(0, hub.apiRequests.get());
    }
}
