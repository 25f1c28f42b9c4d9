package dev.cpotoolkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

class PreferenceDatasetTest {

    /** TRL's CPO documentation example, column by column. */
    static Map<String, List<String>> trlColumns() {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        columns.put("prompt", List.of("hello", "how are you", "What is your name?", "What is your name?",
                "Which is the best programming language?", "Which is the best programming language?",
                "Which is the best programming language?"));
        columns.put("chosen", List.of("hi nice to meet you", "I am fine", "My name is Mary", "My name is Mary",
                "Python", "Python", "Java"));
        columns.put("rejected", List.of("leave me alone", "I am not fine", "Whats it to you?", "I dont have a name",
                "Javascript", "C++", "C++"));
        return columns;
    }

    private static PreferenceDataset trl() {
        return PreferenceDataset.fromColumns(trlColumns());
    }

    @Test
    void fromColumnsKeepsRowsInOrderWithRepeatedPrompts() {
        PreferenceDataset data = trl();
        assertEquals(7, data.size());
        assertEquals(new PreferenceExample("What is your name?", "My name is Mary", "I dont have a name"), data.get(3));
        assertEquals(4, data.stream().map(PreferenceExample::prompt).distinct().count());
        assertEquals("columns, row 3", data.sourceOf(3).describe());
        assertTrue(data.loadReport().isClean());
    }

    @Test
    void seedChatDatasetLoadsSevenRowsWithRepeatedPrompts() {
        PreferenceDataset seed = PreferenceDataset.load(Path.of("..", "datasets", "seed-chat"));
        assertEquals(7, seed.size());
        assertEquals(trl().examples(), seed.examples(), "same rows as TRL's documentation example");
        assertEquals(3, seed.stream().filter(e -> e.prompt().equals("Which is the best programming language?")).count());
        assertEquals(5, seed.sourceOf(4).line());
        assertTrue(seed.toString().contains("7 examples") && seed.toString().contains("4 distinct prompts"),
                seed.toString());
    }

    @Test
    void tableHasThreeStringColumnsAndIsACopy() {
        PreferenceDataset data = trl();
        Table table = data.table();
        assertEquals(List.of("prompt", "chosen", "rejected"), table.columnNames());
        assertEquals("Java", table.stringColumn("chosen").get(6));
        table.stringColumn("chosen").set(6, "changed");
        assertEquals("Java", data.get(6).chosen(), "the dataset is immutable");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 7, 100})
    void getOutOfRangeNamesIndexAndSize(int index) {
        IndexOutOfBoundsException error = assertThrows(IndexOutOfBoundsException.class, () -> trl().get(index));
        assertTrue(error.getMessage().contains("index " + index) && error.getMessage().contains("7 examples"),
                error.getMessage());
    }

    @Test
    void headTakesTheFirstRows() {
        assertEquals(trl().examples().subList(0, 2), trl().head(2).examples());
        assertEquals(7, trl().head(50).size());
        assertThrows(IllegalArgumentException.class, () -> trl().head(-1));
    }

    @Test
    void shuffleIsDeterministicAndAPermutation() {
        PreferenceDataset data = trl();
        List<PreferenceExample> once = data.shuffle(42).examples();
        assertEquals(once, data.shuffle(42).examples());
        assertNotEquals(data.examples(), once);
        assertEquals(new HashSet<>(data.examples()), new HashSet<>(once));
        // sources travel with their examples
        PreferenceDataset shuffled = data.shuffle(7);
        for (int i = 0; i < shuffled.size(); i++) {
            assertEquals(data.get(shuffled.sourceOf(i).row()), shuffled.get(i));
        }
    }

    @Test
    void splitHoldsOutARoundedShareWithoutOverlap() {
        DatasetSplit split = trl().split(0.3, 1);
        assertEquals(5, split.train().size());
        assertEquals(2, split.test().size());
        Set<Integer> rows = new HashSet<>();
        for (PreferenceDataset part : List.of(split.train(), split.test())) {
            for (int i = 0; i < part.size(); i++) {
                assertTrue(rows.add(part.sourceOf(i).row()), "a row appears twice");
            }
        }
        assertEquals(7, rows.size());
        assertEquals(split.test().examples(), trl().split(0.3, 1).test().examples());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, -0.5, 1.5, Double.NaN, 0.01, 0.99})
    void splitRejectsBadFractionsAndEmptyParts(double fraction) {
        assertThrows(IllegalArgumentException.class, () -> trl().split(fraction, 0));
    }

    @Test
    void filterAndConcat() {
        PreferenceDataset python = trl().filter(e -> e.chosen().equals("Python"));
        assertEquals(2, python.size());
        assertEquals(4, python.sourceOf(0).row());
        PreferenceDataset joined = python.concat(trl().head(1), trl().head(2));
        assertEquals(5, joined.size());
        assertEquals("hello", joined.get(2).prompt());
        assertEquals(1, joined.sourceOf(4).row());
        assertTrue(joined.origin().contains("+"));
        assertTrue(trl().filter(e -> false).isEmpty());
    }

    @Test
    void examplesListIsUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> trl().examples().clear());
    }

    @Test
    void fromExamplesValidatesAnswers() {
        PreferenceDataset data = PreferenceDataset.fromExamples(List.of(new PreferenceExample("p", " a", " b")));
        assertEquals(" a", data.get(0).chosen());
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.fromExamples(
                List.of(new PreferenceExample("p", "a", "b"), new PreferenceExample("p", "a", "  "))));
        assertEquals("rejected", error.field().orElseThrow());
        assertEquals(1, error.row().getAsInt());
        assertTrue(error.getMessage().startsWith("examples, row 1, field 'rejected'"), error.getMessage());
    }

    @Test
    void fromColumnsWithoutPromptExtractsIt() {
        Map<String, List<String>> columns = Map.of(
                "chosen", List.of("Translate: chat -> cat"),
                "rejected", List.of("Translate: chat -> dog"));
        assertEquals(new PreferenceExample("Translate: chat ->", " cat", " dog"),
                PreferenceDataset.fromColumns(columns).get(0));
    }
}
