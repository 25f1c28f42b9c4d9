package dev.cpotoolkit.data.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Split resolution from file names and from the README's configs block, as the datasets library does it. */
class DataFilesTest {

    @ParameterizedTest
    @CsvSource({
            "data/train-00000-of-00001.parquet, train",
            "data/validation-00000-of-00002.parquet, validation",
            "data/test-00000-of-00001.parquet, test",
            "default/train/0000.parquet, train",
            "train.jsonl, train",
            "dev.csv, validation",
            "my_eval.json, test",
            "training/part-1.jsonl, train",
            "data/contest.csv, ''",
            "data/trains.parquet, ''"})
    void theSplitComesFromFoldersAndNames(String file, String split) {
        assertEquals(split.isEmpty() ? null : split, DataFiles.splitOf(file).orElse(null));
    }

    @Test
    void filesNamingNoSplitAreAllTrain() {
        List<DataFiles.Config> configs = DataFiles.configs(List.of("a.parquet", "b.jsonl", "README.md", ".hidden.csv",
                "_private/x.csv"), null);
        assertEquals(Map.of("train", List.of("a.parquet", "b.jsonl")), configs.get(0).splits());
    }

    @Test
    void theReadmeConfigsBlockWins() {
        String readme = "---\nconfigs:\n- config_name: de-en\n  data_files:\n  - split: train\n    path: de-en/train-*\n"
                + "- config_name: all\n  default: true\n  data_files: \"*/train-*\"\n---\n# card\n";
        List<DataFiles.Config> configs = DataFiles.configs(List.of("de-en/train-00000-of-00001.parquet",
                "cs-en/train-00000-of-00001.parquet", "de-en/test-00000-of-00001.parquet"), readme);
        assertEquals(2, configs.size());
        assertEquals(Map.of("train", List.of("de-en/train-00000-of-00001.parquet")), configs.get(0).splits());
        assertTrue(configs.get(1).isDefault());
        assertEquals(Map.of("train", List.of("cs-en/train-00000-of-00001.parquet", "de-en/train-00000-of-00001.parquet")),
                configs.get(1).splits());
    }

    @Test
    void aReadmeWhoseHeaderDoesNotParseIsReported() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DataFiles.configs(List.of("a.parquet"), "---\nconfigs: [unclosed\n---\n"));
        assertTrue(error.getMessage().startsWith("README.md: its YAML header does not parse"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "trl-lib/ultrafeedback_binarized          | trl-lib/ultrafeedback_binarized | | train",
            "trl-lib/ultrafeedback_binarized@test     | trl-lib/ultrafeedback_binarized | | test",
            "haoranxu/ALMA-R-Preference:de-en         | haoranxu/ALMA-R-Preference | de-en | train",
            "haoranxu/ALMA-R-Preference:de-en@train   | haoranxu/ALMA-R-Preference | de-en | train"})
    void datasetIdsParse(String spec, String repo, String config, String split) {
        HubDatasetId id = HubDatasetId.parse(spec);
        assertEquals(repo, id.repoId());
        assertEquals(config, id.config());
        assertEquals(split, id.split());
        assertEquals("main", id.revision());
        assertTrue(HubDatasetId.looksLikeHubId(spec));
    }

    @ParameterizedTest
    @CsvSource({"data/train.jsonl", "./prefs.jsonl", "/tmp/x/y.csv", "prefs.jsonl"})
    void localPathsDoNotLookLikeHubIds(String path) {
        assertEquals(false, HubDatasetId.looksLikeHubId(path) && !path.contains("."), path);
    }
}
