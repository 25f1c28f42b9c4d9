package dev.cpotoolkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input fails with a {@link DatasetFormatException} naming file, line/row and
 * field; row problems can be skipped on request and are then reported, whole-input problems never.
 */
class BadInputTest {

    @TempDir
    Path dir;

    private static final String GOOD = "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}";
    private static final String USER = "[{\"role\": \"user\", \"content\": \"hi\"}]";
    private static final String ANSWER = "[{\"role\": \"assistant\", \"content\": \"yo\"}]";

    static Stream<Arguments> badJsonlLines() {
        return Stream.of(
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"c\"", null, "malformed JSON"),
                Arguments.of("{'prompt': 'p', 'chosen': 'c', 'rejected': 'r'}", null, "malformed JSON"),
                Arguments.of(GOOD + " trailing", null, "malformed JSON"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"c\", \"chosen\": \"d\", \"rejected\": \"r\"}", null,
                        "duplicate key \"chosen\""),
                Arguments.of("[\"p\", \"c\", \"r\"]", null, "expected a JSON object, found a list"),
                Arguments.of("{\"prompt\": \"p\", \"rejected\": \"r\"}", "chosen", "missing field 'chosen'"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"c\"}", "rejected", "missing field 'rejected'"),
                Arguments.of("{\"chosen\": \"c\", \"rejected\": \"r\"}", "prompt", "other rows of this input have one"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": 42, \"rejected\": \"r\"}", "chosen", "the number 42"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": true}", "rejected", "the boolean true"),
                Arguments.of("{\"prompt\": null, \"chosen\": \"c\", \"rejected\": \"r\"}", "prompt", "null value"),
                Arguments.of("{\"prompt\": {\"text\": \"p\"}, \"chosen\": \"c\", \"rejected\": \"r\"}", "prompt", "an object"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"\", \"rejected\": \"r\"}", "chosen", "empty answer"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \" \\n\"}", "rejected", "only whitespace"),
                Arguments.of("{\"prompt\": \"\", \"chosen\": \"c\", \"rejected\": \"r\"}", "prompt", "empty prompt"),
                Arguments.of(msgRow(USER, "[{\"content\": \"yo\"}]", ANSWER), "chosen[0].role", "no 'role'"),
                Arguments.of(msgRow(USER, ANSWER, "[{\"role\": \"assistant\"}]"), "rejected[0].content", "no 'content'"),
                Arguments.of(msgRow(USER, "[{\"role\": \"assistant\", \"content\": 7}]", ANSWER), "chosen[0].content",
                        "the number 7"),
                Arguments.of(msgRow("[{\"role\": \"user\", \"content\": \"hi\"}, \"oops\"]", ANSWER, ANSWER), "prompt[1]",
                        "expected a {role, content} message"),
                Arguments.of(msgRow("\"hi\"", ANSWER, ANSWER), "prompt", "share no leading messages"),
                Arguments.of(msgRow("\"not the question\"", "[{\"role\": \"user\", \"content\": \"q\"}, "
                        + "{\"role\": \"assistant\", \"content\": \"a\"}]", "[{\"role\": \"user\", \"content\": \"q\"}, "
                        + "{\"role\": \"assistant\", \"content\": \"b\"}]"), "prompt", "none of those 1 message(s) is this text"),
                Arguments.of("{\"prompt\": " + USER + ", \"chosen\": " + ANSWER + ", \"rejected\": " + ANSWER
                        + ", \"messages\": " + USER + "}", "messages", "TRL rejects it (Invalid keys in the example)"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\", \"label\": true}", "label",
                        "rather than ignore 'label'"),
                Arguments.of("{\"prompt\": " + USER + ", \"chosen\": " + ANSWER + ", \"rejected\": " + ANSWER
                        + ", \"chat_template_kwargs\": [1]}",
                        "chat_template_kwargs", "expected an object of template variables"),
                Arguments.of("{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\", \"chat_template_kwargs\": {}}",
                        "chat_template_kwargs", "only applies to conversational rows"),
                Arguments.of(msgRow(USER, "[{\"role\": \"assistant\", \"content\": {\"text\": \"x\"}}]", ANSWER),
                        "chosen[0].content", "expected a string, null or a list of content parts"),
                Arguments.of(msgRow("[]", ANSWER, ANSWER), "prompt", "empty message list"),
                Arguments.of(msgRow("[{\"role\": \"system\", \"content\": \"s\"}]", ANSWER, ANSWER), "prompt",
                        "must be from 'user', 'tool' or 'assistant'"),
                Arguments.of(msgRow(USER, "[{\"role\": \"assistant\", \"content\": \"\"}]", ANSWER), "chosen",
                        "empty answer: every message's content is blank"));
    }

    private static String msgRow(String prompt, String chosen, String rejected) {
        return "{\"prompt\": " + prompt + ", \"chosen\": " + chosen + ", \"rejected\": " + rejected + "}";
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badJsonlLines")
    void badJsonlLineNamesFileLineAndField(String badLine, String field, String reason) {
        Path file = TestFiles.write(dir, "bad.jsonl", GOOD + "\n" + badLine + "\n" + GOOD + "\n");
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(file));
        assertTrue(error.getMessage().startsWith(file + ", line 2"), error.getMessage());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
        assertEquals(file, error.file().orElseThrow());
        assertEquals(2, error.line().getAsInt());
        assertEquals(1, error.row().getAsInt());
        assertEquals(field, error.field().orElse(null));
        if (field != null) {
            assertTrue(error.getMessage().contains("field '" + field + "'"), error.getMessage());
        }
        assertTrue(error.isRowError());

        // opt-in: the row is left out and reported, nothing else is lost
        PreferenceDataset data = PreferenceDataset.loader().skipInvalid(true).load(file);
        assertEquals(2, data.size());
        assertEquals(3, data.sourceOf(1).line());
        LoadReport report = data.loadReport();
        assertEquals(1, report.skipped().size());
        SkippedRow skipped = report.skipped().get(0);
        assertEquals(2, skipped.source().line());
        assertEquals(field, skipped.field());
        assertTrue(skipped.reason().contains(reason), skipped.reason());
        assertTrue(report.summary().contains("line 2"), report.summary());
        assertTrue(data.toString().contains("1 invalid rows skipped"), data.toString());
    }

    static Stream<Arguments> badCsvRows() {
        return Stream.of(
                Arguments.of("q,a\n", null, "expected 3 fields"),
                Arguments.of("q,a,b,c\n", null, "found 4"),
                Arguments.of("q,a \"quoted\",b\n", null, "quote inside unquoted field 2"),
                Arguments.of("q,\"a\"x,b\n", null, "text after the closing quote of field 2"),
                Arguments.of("q,,b\n", "chosen", "empty answer"),
                Arguments.of("q,a,\"  \"\n", "rejected", "only whitespace"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badCsvRows")
    void badCsvRowNamesFileLineRowAndField(String badRow, String field, String reason) {
        Path file = TestFiles.write(dir, "bad.csv", "prompt,chosen,rejected\np,c,r\n" + badRow + "p,c,r\n");
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(file));
        assertTrue(error.getMessage().startsWith(file + ", line 3, row 1"), error.getMessage());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
        assertEquals(field, error.field().orElse(null));
        PreferenceDataset data = PreferenceDataset.loader().skipInvalid(true).load(file);
        assertEquals(2, data.size());
        assertEquals(3, data.loadReport().skipped().get(0).source().line());
    }

    @Test
    void badJsonArrayElementNamesRow() {
        Path file = TestFiles.write(dir, "bad.json", "[" + GOOD + ", \"just text\", "
                + "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": [1]}]");
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(file));
        assertEquals(file + ", row 1: expected a JSON object, found a string", error.getMessage());
        PreferenceDataset data = PreferenceDataset.loader().skipInvalid(true).load(file);
        assertEquals(1, data.size());
        List<SkippedRow> skipped = data.loadReport().skipped();
        assertEquals(2, skipped.size());
        assertEquals(2, skipped.get(1).source().row());
        assertEquals("chosen", skipped.get(1).field(), "a list answer makes the row conversational; chosen is text");
    }

    static Stream<Arguments> wholeInputProblems() {
        return Stream.of(
                Arguments.of("a.jsonl", "", null, "empty file"),
                Arguments.of("a.jsonl", "\n \n", null, "empty file"),
                Arguments.of("a.json", "", null, "empty file"),
                Arguments.of("a.csv", "", null, "empty file"),
                Arguments.of("a.csv", "prompt,chosen,rejected\n", null, "header only"),
                Arguments.of("a.csv", "prompt,chosen\np,c\n", "rejected", "missing column 'rejected'"),
                Arguments.of("a.csv", "prompt,chosen,chosen,rejected\np,c,c,r\n", "chosen", "duplicate column"),
                Arguments.of("a.csv", "prompt,chosen,rejected\np,\"c,r\np,c,r\n", null, "unterminated quoted field"),
                Arguments.of("a.json", "[" + GOOD + ",", null, "malformed JSON"),
                Arguments.of("a.json", "[]", null, "empty array"),
                Arguments.of("a.json", "\"text\"", null, "expected an array of rows or an object of columns"),
                Arguments.of("a.json", "{\"prompt\": [\"p\"], \"chosen\": [\"c\"]}", "rejected", "missing column"),
                Arguments.of("a.json", "{\"prompt\": [\"p\"], \"chosen\": [\"c\"], \"rejected\": [\"r\", \"s\"]}",
                        "rejected", "column has 2 values but column 'chosen' has 1"),
                Arguments.of("a.json", "{\"prompt\": \"p\", \"chosen\": [\"c\"], \"rejected\": [\"r\"]}", "prompt",
                        "a column must be a list"),
                Arguments.of("a.txt", GOOD, null, "unknown extension"),
                Arguments.of("a.jsonl", "{\"prompt\": \"p\", \"chosen\": 1, \"rejected\": \"r\"}", null,
                        "all 1 rows are invalid"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {3}")
    @MethodSource("wholeInputProblems")
    void wholeInputProblemsAreNeverSkipped(String name, String content, String field, String reason) {
        Path file = TestFiles.write(dir, name, content);
        for (boolean skip : new boolean[] {false, true}) {
            PreferenceLoader loader = PreferenceDataset.loader().skipInvalid(skip);
            DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> loader.load(file));
            if (reason.startsWith("all ") && !skip) {
                continue; // without skipping, the row error itself is raised
            }
            assertFalse(error.isRowError(), error.getMessage());
            assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
            assertTrue(error.getMessage().contains(reason), error.getMessage());
            assertEquals(field, error.field().orElse(null));
        }
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereTheQuoteOpened() {
        Path file = TestFiles.write(dir, "a.csv", "prompt,chosen,rejected\np,c,r\np,\"open,r\nmore\n");
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> PreferenceDataset.loader().skipInvalid(true).load(file));
        assertEquals(3, error.line().getAsInt());
    }

    @Test
    void missingFileAndDirectoryWithoutData() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(missing));
        assertEquals(missing + ": file not found", error.getMessage());
        Path missingNoExtension = dir.resolve("nope");
        assertTrue(assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(missingNoExtension))
                .getMessage().contains("file not found"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(empty))
                .getMessage().contains("no train.jsonl"));
    }

    @Test
    void invalidUtf8IsAnError() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        byte[] good = GOOD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(good, good.length + 1);
        bytes[bytes.length - 1] = (byte) 0xE9; // 'é' in Latin-1, invalid alone in UTF-8
        Files.write(file, bytes);
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(file));
        assertTrue(error.getMessage().contains("not valid UTF-8"), error.getMessage());
    }

    @Test
    void columnsWithNullValueNameRowAndField() {
        List<String> chosen = new ArrayList<>(List.of("a", "b"));
        chosen.set(1, null);
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.fromColumns(
                Map.of("prompt", List.of("p", "q"), "chosen", chosen, "rejected", List.of("x", "y"))));
        assertEquals("columns, row 1, field 'chosen': null value", error.getMessage());
        assertTrue(error.file().isEmpty());
    }

    @Test
    void columnsMissingAColumnOrUneven() {
        DatasetFormatException missing = assertThrows(DatasetFormatException.class, () -> PreferenceDataset.fromColumns(
                Map.of("prompt", List.of("p"), "chosen", List.of("c"))));
        assertEquals("rejected", missing.field().orElseThrow());
        assertFalse(missing.isRowError());
        assertThrows(DatasetFormatException.class, () -> PreferenceDataset.fromColumns(
                Map.of("prompt", List.of("p"), "chosen", List.of("c"), "rejected", List.of("r", "s"))));
    }
}
