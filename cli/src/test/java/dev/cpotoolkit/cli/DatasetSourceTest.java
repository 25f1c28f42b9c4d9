package dev.cpotoolkit.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a --dataset names: a local path, or a Hub dataset only where no path could be meant. */
class DatasetSourceTest {

    @ParameterizedTest
    @CsvSource({
            "trl-lib/ultrafeedback_binarized,          hub",
            "haoranxu/ALMA-R-Preference:de-en@train,   hub",
            "owner/name@test,                          hub",
            "data/missing.jsonl,                       path",
            "owner/name.parquet,                       path",
            "pairs.jsonl,                              path",
            "src/nothing-here,                         path",
            "single,                                   path"})
    void readsAsHubIdOnlyWhereNoPathIsMeant(String text, String kind) {
        // Tests run in cli/, where src/ is a folder: "src/nothing-here" is a missing path, not a Hub id.
        DatasetSource source = DatasetSource.parse(text);
        assertEquals(kind, source.isHub() ? "hub" : "path", text);
    }
}
