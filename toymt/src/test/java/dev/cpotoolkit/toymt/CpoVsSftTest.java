package dev.cpotoolkit.toymt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison pipeline end to end at smoke size (seconds). The benchmark's
 * target (CPO at least 10 exact-match points over SFT) is measured by
 * {@code ./cpo demo cpo-vs-sft}, not here: a unit test cannot afford the steps.
 */
class CpoVsSftTest {

    @Test
    void smokeRunTrainsDecodesAndScoresThreeSystems(@TempDir Path dir) {
        ComparisonResult result = CpoVsSft.run(ComparisonSettings.smoke(dir).withDataDir(ToyMtDatasetTest.COMMITTED));

        assertEquals(List.of(CpoVsSft.SFT, CpoVsSft.CPO, CpoVsSft.SFT_THEN_CPO),
                result.systems().stream().map(SystemResult::name).toList());
        assertEquals(8, result.references().size());
        for (SystemResult system : result.systems()) {
            assertEquals(8, system.outputs().size());
            assertEquals(8, system.metrics().sentences());
            assertTrue(system.metrics().exactMatch() >= 0 && system.metrics().exactMatch() <= 100);
            assertTrue(Files.isRegularFile(system.model().resolve("model.safetensors")), system.model().toString());
            assertTrue(Files.isRegularFile(system.model().resolve("tokenizer.json")));
        }
        assertEquals(3, result.table().rowCount());
        assertEquals(3, result.examples(3).rowCount());
        assertTrue(result.markdown().startsWith("| System |"), result.markdown());
        assertTrue(result.markdown().contains("| SFT -> CPO | SFT model + preference pairs | 2 |"), result.markdown());
    }

    @Test
    void metricsCountWholeSentencesAndAlignedTokens() {
        TranslationMetrics metrics = TranslationMetrics.score(
                List.of("lo miro vide", "la pela", "un hanu vide extra", ""),
                List.of("lo miro vide", "la pela ame", "un hanu vide", "una kasa"));
        assertEquals(25.0, metrics.exactMatch(), 1e-9);
        // 3/3, 2/3, 3/4, 0/2 averaged.
        assertEquals(100 * (1 + 2.0 / 3 + 0.75 + 0) / 4, metrics.tokenAccuracy(), 1e-9);
        // The corpus metrics are sacreBLEU's own (its values for these four lines, computed once by sacreBLEU).
        assertEquals(56.44511462708408, metrics.bleu(), 1e-9);
        assertEquals(72.10912868309556, metrics.chrf(), 1e-9);
    }
}
