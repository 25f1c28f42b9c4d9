package dev.cpotoolkit.data;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scored-candidates rule on single rows: ties, direction filters, and rows that lack what it needs. */
class ScoredCandidatesTest {

    private static final ExampleSource SOURCE = new ExampleSource(null, "rows", 7, 0);

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // scores a, b, c        | chosen | rejected   (the first of equal scores wins, as list.index(max))
            "0.9 | 0.5 | 0.1         | A      | C",
            "0.2 | 0.8 | 0.8         | B      | A",
            "0.5 | 0.5 | 0.5         | A      | A",
            "-1  | 3   | 2           | B      | A"})
    void highestIsChosenLowestRejected(double a, double b, double c, String chosen, String rejected) {
        ScoredCandidates rule = ScoredCandidates.of("q", List.of("a", "b", "c"), List.of("sa", "sb", "sc"));
        JsonObject row = json("{\"q\": \"Q\", \"a\": \"A\", \"b\": \"B\", \"c\": \"C\", \"sa\": " + a + ", \"sb\": " + b
                + ", \"sc\": " + c + "}");
        JsonObject pair = rule.pairs(SOURCE, row).get(0);
        assertEquals("Q", pair.get("prompt").getAsString());
        assertEquals(chosen, pair.get("chosen").getAsString());
        assertEquals(rejected, pair.get("rejected").getAsString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"q\": \"Q\", \"a\": \"A\", \"b\": \"B\", \"sa\": 1}                 | field 'sb': missing",
            "{\"q\": \"Q\", \"a\": \"A\", \"b\": \"B\", \"sa\": 1, \"sb\": \"x\"}  | field 'sb': expected a score (number), found a string",
            "{\"q\": \"Q\", \"a\": 5, \"b\": \"B\", \"sa\": 1, \"sb\": 0}           | field 'a': expected a string, found a number"})
    void aRowLackingWhatTheRuleNeedsIsARowErrorNamingTheField(String row, String message) {
        ScoredCandidates rule = ScoredCandidates.of("q", List.of("a", "b"), List.of("sa", "sb"));
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> rule.pairs(SOURCE, json(row)));
        assertTrue(error.isRowError());
        assertEquals("rows, row 7, " + message, error.getMessage());
    }

    @Test
    void requiredDirectionsKeepsOnlyTheDirectionIntoItsTarget() {
        JsonObject row = json("{\"translation\": {\"language_pair\": \"de-en\", \"required_directions\": \"en-de\","
                + " \"Delta\": 0, \"de\": \"Hallo\", \"en\": \"Hello\", \"gpt4_de\": \"Hallo!\", \"alma_de\": \"Hi\","
                + " \"ref_de_kiwi_xcomet\": 0.9, \"gpt4_de_kiwi_xcomet\": 0.8, \"alma_de_kiwi_xcomet\": 0.1}}");
        List<JsonObject> pairs = ScoredCandidates.almaR("de-en", "en-de").pairs(SOURCE, row);
        assertEquals(1, pairs.size());
        assertEquals("Translate this from English to German:\nEnglish: Hello\nGerman:",
                pairs.get(0).get("prompt").getAsString());
        assertEquals("Hallo", pairs.get(0).get("chosen").getAsString());
        assertEquals("Hi", pairs.get(0).get("rejected").getAsString());
    }

    @Test
    void unknownScorersAndDirectionsAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> ScoredCandidates.almaR(List.of("de-en"), "bleu"));
        assertThrows(IllegalArgumentException.class, () -> ScoredCandidates.almaR("de-xx"));
        assertThrows(IllegalArgumentException.class, () -> ScoredCandidates.almaR());
    }

    @Test
    void aParquetFileLoadsLocallyByItsExtension() throws Exception {
        Path file = Path.of(ScoredCandidatesTest.class
                .getResource("/hub-datasets/ultrafeedback/main/data/test-00000-of-00001.parquet").toURI());
        PreferenceDataset data = PreferenceDataset.load(file);
        assertEquals(10, data.size());
        assertTrue(data.get(0).chosen().contains("It is " + (1000 + 1000 % 7) + "."), data.get(0).chosen());
        assertEquals(file + ", row 3", data.sourceOf(3).describe());
    }
}
