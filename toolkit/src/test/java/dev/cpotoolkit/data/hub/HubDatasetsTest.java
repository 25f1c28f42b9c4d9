package dev.cpotoolkit.data.hub;

import dev.cpotoolkit.data.DatasetFormatException;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.data.PreferenceLoader;
import dev.cpotoolkit.data.ScoredCandidates;
import dev.cpotoolkit.hub.HubException;
import dev.cpotoolkit.hub.HubSnapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hub datasets end to end against {@link FakeDatasetHub} on 127.0.0.1: the
 * split's files found and downloaded into the standard cache, read back
 * offline, the two published schemas this toolkit is for (ultrafeedback's
 * message lists, ALMA-R's scored candidates), and each way it can fail.
 */
class HubDatasetsTest {

    @TempDir
    Path cache;

    private FakeDatasetHub server;

    @BeforeEach
    void start() throws IOException {
        server = FakeDatasetHub.ofFixtures();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HubDatasets hub() {
        return new HubDatasets(HubSnapshots.fromEnvironment(Map.of()).endpoint(server.endpoint()).cacheDir(cache));
    }

    private HubDatasets offlineHub() {
        return new HubDatasets(HubSnapshots.fromEnvironment(Map.of()).endpoint(server.endpoint()).cacheDir(cache)
                .offline(true));
    }

    private static PreferenceDataset load(String spec, HubDatasets hub) {
        return PreferenceDataset.loader().fromHub(HubDatasetId.parse(spec), hub);
    }

    @Test
    void downloadsOnlyTheSplitIntoTheStandardCacheAndReadsTheConversations() throws IOException {
        PreferenceDataset train = load("fixtures/ultrafeedback", hub());
        // 120 + 30 rows from the two shards, in shard order.
        assertEquals(150, train.size());
        assertEquals("fixtures/ultrafeedback:default@train", train.origin());
        PreferenceExample first = train.get(0);
        assertTrue(first.prompt().contains("What is 0 plus 0?"), first.prompt());
        assertTrue(first.chosen().contains("It is 0."), first.chosen());
        assertTrue(train.get(149).rejected().contains("Maybe " + (149 * 3 % 11) + "."), train.get(149).rejected());

        String commit = FakeDatasetHub.commitOf("fixtures/ultrafeedback", "main");
        Path repo = cache.resolve("datasets--fixtures--ultrafeedback");
        assertEquals(commit, Files.readString(repo.resolve("refs/main")));
        Path snapshot = repo.resolve("snapshots").resolve(commit);
        assertTrue(Files.isSymbolicLink(snapshot.resolve("data/train-00001-of-00002.parquet")));
        try (Stream<Path> files = Files.walk(snapshot)) {
            assertEquals(List.of("README.md", "data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"),
                    files.filter(Files::isRegularFile).map(p -> snapshot.relativize(p).toString()).sorted().toList());
        }
        assertTrue(train.sourceOf(0).describe().contains("train-00000-of-00002.parquet, row 0"),
                train.sourceOf(0).describe());
    }

    @Test
    void loadsOfflineFromTheCacheAfterTheFirstDownload() {
        load("fixtures/ultrafeedback@test", hub());
        int api = server.apiRequests.get();
        int files = server.resolveRequests.get();
        PreferenceDataset again = load("fixtures/ultrafeedback@test", offlineHub());
        assertEquals(10, again.size());
        assertEquals(api, server.apiRequests.get(), "offline: no listing");
        assertEquals(files, server.resolveRequests.get(), "offline: no download");
        // A split never downloaded is a clear miss, not a network call.
        HubException miss = assertThrows(HubException.class, () -> load("fixtures/ultrafeedback@train", offlineHub()));
        assertTrue(miss.getMessage().contains("split 'train' not found") && miss.getMessage().contains("offline"),
                miss.getMessage());
    }

    @Test
    void anUnreachableHubFallsBackToTheCache() {
        load("fixtures/ultrafeedback@test", hub());
        server.close();
        assertEquals(10, load("fixtures/ultrafeedback@test", hub()).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // row | prompt's source | chosen | rejected     (by kiwi_xcomet; rows 4 and 5 by Delta)
            "0 | source de 0 | source en 0 | alma en 0",
            "1 | source de 1 | gpt4 en 1   | alma en 1",
            "3 | source de 3 | source en 3 | gpt4 en 3",
            "4 | source de 4 | gpt4 en 4   | alma en 4",
            "5 | source de 5 | alma en 5   | gpt4 en 5"})
    void buildsAlmaRPairsFromScoredCandidates(int row, String source, String chosen, String rejected) {
        PreferenceDataset pairs = PreferenceDataset.loader().scoredCandidates(ScoredCandidates.almaR("de-en"))
                .fromHub(HubDatasetId.parse("fixtures/alma:de-en"), hub());
        assertEquals(6, pairs.size());
        PreferenceExample example = pairs.get(row);
        assertEquals("Translate this from German to English:\nGerman: " + source + "\nEnglish:", example.prompt());
        assertEquals(chosen, example.chosen());
        assertEquals(rejected, example.rejected());
    }

    @Test
    void bothDirectionsGiveTwoPairsPerRow() {
        PreferenceDataset pairs = PreferenceDataset.loader()
                .scoredCandidates(ScoredCandidates.almaR(List.of("cs-en", "en-cs"), "xcomet"))
                .fromHub(HubDatasetId.parse("fixtures/alma:cs-en"), hub());
        assertEquals(12, pairs.size());
        assertEquals("Translate this from English to Czech:\nEnglish: source en 0\nCzech:", pairs.get(1).prompt());
        assertEquals("source cs 0", pairs.get(1).chosen());
    }

    @Test
    void severalConfigsWithoutADefaultMustBeNamed() {
        HubException error = assertThrows(HubException.class, () -> load("fixtures/alma", hub()));
        assertTrue(error.getMessage().contains("several configs (cs-en, de-en) and no default; name one, e.g."
                + " fixtures/alma:cs-en"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fixtures/ultrafeedback@validation | split 'validation' not found in dataset 'fixtures/ultrafeedback' (config 'default', revision main); its splits: train, test",
            "fixtures/alma:fr-en               | config 'fr-en' not found in dataset 'fixtures/alma' (revision main); its configs: cs-en, de-en",
            "fixtures/nothing                  | access denied (HTTP 401)"})
    void aMissingSplitConfigOrRepositoryIsNamed(String spec, String message) {
        HubException error = assertThrows(HubException.class, () -> load(spec, hub()));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void aPrivateDatasetNeedsTheToken() {
        server.requireToken("hf_secret");
        HubException denied = assertThrows(HubException.class, () -> load("fixtures/ultrafeedback@test", hub()));
        assertTrue(denied.getMessage().contains("no token was sent; set HF_TOKEN"), denied.getMessage());
        HubDatasets withToken = new HubDatasets(HubSnapshots.fromEnvironment(Map.of("HF_TOKEN", "hf_secret"))
                .endpoint(server.endpoint()).cacheDir(cache));
        assertEquals(10, load("fixtures/ultrafeedback@test", withToken).size());
    }

    @Test
    void aDatasetWithoutDataFilesIsReadFromTheParquetConversion() {
        PreferenceDataset data = load("fixtures/converted", hub());
        assertEquals(8, data.size());
        String commit = FakeDatasetHub.commitOf("fixtures/converted", "refs/convert/parquet");
        assertTrue(Files.isRegularFile(cache.resolve("datasets--fixtures--converted/snapshots").resolve(commit)
                .resolve("default/train/0000.parquet")));
    }

    @Test
    void aColumnOfTheWrongTypeIsNamedWithItsFile() {
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> load("fixtures/wrongtype", hub()));
        assertTrue(error.getMessage().endsWith("train-00000-of-00001.parquet, field 'chosen': column 'chosen' is"
                + " int64 in the Parquet schema; expected a string, or a list of messages"
                + " (list<struct<role: string, content: string>>)"), error.getMessage());
    }

    @Test
    void columnsNamedOtherwiseAreMapped() {
        PreferenceLoader loader = PreferenceDataset.loader().promptKey("question").chosenKey("response_j")
                .rejectedKey("response_k");
        PreferenceDataset data = loader.fromHub(HubDatasetId.parse("fixtures/renamed"), hub());
        assertEquals(2, data.size());
        assertEquals("Capital of France?", data.get(0).prompt());
        assertEquals("Paris.", data.get(0).chosen());
        assertEquals("Five.", data.get(1).rejected());
        // Without the mapping the same file has no answers.
        DatasetFormatException unmapped = assertThrows(DatasetFormatException.class,
                () -> load("fixtures/renamed", hub()));
        assertTrue(unmapped.getMessage().contains("chosen"), unmapped.getMessage());
    }

    @Test
    void aConnectionDroppedMidDownloadLeavesNothingCachedAndIsNamed() throws IOException {
        server.cutShort("train-00001-of-00002.parquet");
        HubException error = assertThrows(HubException.class, () -> load("fixtures/ultrafeedback", hub()));
        assertTrue(error.getMessage().contains("downloading data/train-00001-of-00002.parquet of"
                + " 'fixtures/ultrafeedback'"), error.getMessage());
        Path snapshot = cache.resolve("datasets--fixtures--ultrafeedback/snapshots")
                .resolve(FakeDatasetHub.commitOf("fixtures/ultrafeedback", "main"));
        assertFalse(Files.exists(snapshot.resolve("data/train-00001-of-00002.parquet")));
        assertFalse(Files.exists(cache.resolve("datasets--fixtures--ultrafeedback/refs/main")),
                "an incomplete download must not pass for a cached revision");
        server.cutShort(null);
        assertEquals(150, load("fixtures/ultrafeedback", hub()).size());
    }

    @Test
    void aStalledDownloadEndsAfterTheTimeoutInsteadOfHanging() {
        server.stall("test-00000-of-00001.parquet");
        HubDatasets impatient = new HubDatasets(HubSnapshots.fromEnvironment(Map.of()).endpoint(server.endpoint())
                .cacheDir(cache).timeout(java.time.Duration.ofMillis(500)));
        long start = System.nanoTime();
        HubException error = assertThrows(HubException.class, () -> load("fixtures/ultrafeedback@test", impatient));
        assertTrue(error.getMessage().contains("the connection stalled"), error.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "gave up within seconds");
        assertFalse(Thread.currentThread().isInterrupted(), "the guard's interrupt is not left pending");
    }
}
