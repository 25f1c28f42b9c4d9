package dev.cpotoolkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input built to break the reader rather than by mistake: ambiguous key sets, lone surrogates,
 * huge fields and lines, deep nesting, malformed JSON and invalid UTF-8. Each must end in a
 * {@link DatasetFormatException} that names file, line/row and field, never in a silent
 * acceptance, a {@link StackOverflowError} or Gson's own advice.
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private static final String GOOD = "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}";

    private DatasetFormatException loadFails(Path file) {
        return assertThrows(DatasetFormatException.class, () -> PreferenceDataset.load(file));
    }

    @Test
    void messagesBesideTextAnswersIsRejectedNotIgnored() {
        Path file = TestFiles.write(dir, "d.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"chosen\": \"hi there\", \"rejected\": \"hi you\"}\n");
        DatasetFormatException error = loadFails(file);
        assertEquals("messages", error.field().orElseThrow());
        assertTrue(error.getMessage().contains("[chosen, rejected, messages]"), error.getMessage());
    }

    @Test
    void languageModelingTextColumnIsRejectedButUnrelatedColumnsAreKept() {
        Path text = TestFiles.write(dir, "t.jsonl", "{\"text\": \"a whole document\", \"chosen\": \"c\","
                + " \"rejected\": \"r\", \"prompt\": \"p\"}\n");
        DatasetFormatException error = loadFails(text);
        assertEquals("text", error.field().orElseThrow());
        assertTrue(error.getMessage().startsWith(text + ", line 1, row 0"), error.getMessage());
        assertTrue(error.getMessage().contains("[prompt, chosen, rejected, text]"), error.getMessage());

        Path csv = TestFiles.write(dir, "t.csv", "prompt,chosen,rejected,completion\np,c,r,x\n");
        assertEquals("completion", loadFails(csv).field().orElseThrow());

        Path extra = TestFiles.write(dir, "e.jsonl", "{\"id\": 7, \"source\": \"web\", \"score_chosen\": 8.5,"
                + " \"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}\n");
        assertEquals(1, PreferenceDataset.load(extra).size());
    }

    @Test
    void loneSurrogateEscapeNamesFileRowAndField() {
        Path file = TestFiles.write(dir, "s.jsonl", GOOD + "\n"
                + "{\"prompt\": \"p\", \"chosen\": [{\"role\": \"assistant\", \"content\": \"a\\ud800b\"}],"
                + " \"rejected\": \"r\"}\n");
        DatasetFormatException error = loadFails(file);
        assertEquals(2, error.line().getAsInt());
        assertEquals(1, error.row().getAsInt());
        assertEquals("chosen[0].content", error.field().orElseThrow());
        assertTrue(error.getMessage().contains("lone UTF-16 surrogate"), error.getMessage());
        assertTrue(error.isRowError());

        // A proper pair (an emoji) is fine, and so is a lone low surrogate in a key: rejected too.
        Path pair = TestFiles.write(dir, "ok.jsonl", "{\"prompt\": \"p\", \"chosen\": \"\\ud83d\\ude00\","
                + " \"rejected\": \"r\"}\n");
        assertEquals("\uD83D\uDE00", PreferenceDataset.load(pair).get(0).chosen());
        Path key = TestFiles.write(dir, "k.json", "[" + GOOD + ", {\"x\\udc00\": 1, \"prompt\": \"p\","
                + " \"chosen\": \"c\", \"rejected\": \"r\"}]");
        DatasetFormatException keyError = loadFails(key);
        assertEquals(1, keyError.row().getAsInt());
        assertTrue(keyError.getMessage().contains("lone UTF-16 surrogate"), keyError.getMessage());
    }

    @Test
    void fieldOverTheCharacterLimitNamesLengthLimitAndSetter() {
        String big = "x".repeat(120);
        Path file = TestFiles.write(dir, "big.jsonl", GOOD + "\n"
                + "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"" + big + "\"}\n");
        PreferenceLoader loader = PreferenceDataset.loader().maxFieldChars(100);
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> loader.load(file));
        assertEquals("rejected", error.field().orElseThrow());
        assertEquals(2, error.line().getAsInt());
        assertTrue(error.getMessage().contains("120 characters"), error.getMessage());
        assertTrue(error.getMessage().contains("limit of 100"), error.getMessage());
        assertTrue(error.getMessage().contains("maxFieldChars"), error.getMessage());
        assertEquals(1, loader.skipInvalid(true).load(file).size());
        assertEquals(2, PreferenceDataset.loader().maxFieldChars(120).load(file).size());
        assertThrows(IllegalArgumentException.class, () -> PreferenceDataset.loader().maxFieldChars(0));
    }

    @Test
    void overlongJsonlLineIsRefusedAndTheNextLinesStillRead() {
        // 8 x 100 = 800 bytes per line at most; this line is longer, the rest are short.
        String huge = "{\"prompt\": \"p\", \"chosen\": \"" + "y".repeat(2000) + "\", \"rejected\": \"r\"}";
        Path file = TestFiles.write(dir, "long.jsonl", GOOD + "\n" + huge + "\n" + GOOD + "\n");
        PreferenceLoader loader = PreferenceDataset.loader().maxFieldChars(100);
        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> loader.load(file));
        assertEquals(2, error.line().getAsInt());
        assertTrue(error.getMessage().contains("longer than 800 bytes"), error.getMessage());
        PreferenceDataset kept = loader.skipInvalid(true).load(file);
        assertEquals(2, kept.size());
        assertEquals(3, kept.sourceOf(1).line());
    }

    @Test
    void deepNestingIsBadInputNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Path jsonl = TestFiles.write(dir, "deep.jsonl", GOOD + "\n{\"prompt\": \"p\", \"chosen\": \"c\","
                + " \"rejected\": \"r\", \"meta\": " + deep + "}\n");
        DatasetFormatException error = loadFails(jsonl);
        assertEquals(2, error.line().getAsInt());
        assertTrue(error.getMessage().contains("nested more than 512 levels deep"), error.getMessage());

        String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        Path json = TestFiles.write(dir, "deep.json", objects);
        DatasetFormatException whole = loadFails(json);
        assertFalse(whole.isRowError());
        assertTrue(whole.getMessage().startsWith(json.toString()), whole.getMessage());
        assertTrue(whole.getMessage().contains("nested more than 512 levels deep"), whole.getMessage());
    }

    @Test
    void malformedJsonIsReportedInTheToolkitsWordsWithColumn() {
        Path file = TestFiles.write(dir, "m.jsonl", GOOD + "\n{'prompt': 'p'}\n{\"prompt\" \"p\"}\n");
        DatasetFormatException error = loadFails(file);
        String message = error.getMessage();
        assertTrue(message.startsWith(file + ", line 2, row 1: malformed JSON at column 2"), message);
        for (String gsonWords : new String[] {"setStrictness", "LENIENT", "Troubleshooting", "https://", "path $"}) {
            assertFalse(message.contains(gsonWords), message);
        }
        PreferenceDataset skipping = PreferenceDataset.loader().skipInvalid(true)
                .load(TestFiles.write(dir, "m2.jsonl", GOOD + "\n{\"prompt\" \"p\"}\n"));
        String reason = skipping.loadReport().skipped().get(0).reason();
        assertTrue(reason.contains("column 11") && reason.contains("expected ':'"), reason);

        Path json = TestFiles.write(dir, "m.json", "[\n" + GOOD + ",\n{\"prompt\": \"p\",,}\n]");
        String whole = loadFails(json).getMessage();
        assertTrue(whole.startsWith(json + ", line 3: malformed JSON at column"), whole);
        assertFalse(whole.contains("Troubleshooting") || whole.contains("LENIENT"), whole);
    }

    @Test
    void invalidUtf8NamesLineAndByteOffset() throws IOException {
        byte[] good = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] third = "{\"prompt\": \"p\", \"chosen\": \"c".getBytes(StandardCharsets.UTF_8);
        for (String name : new String[] {"u.jsonl", "u.json", "u.csv"}) {
            byte[] bytes = new byte[good.length * 2 + third.length + 1];
            System.arraycopy(good, 0, bytes, 0, good.length);
            System.arraycopy(good, 0, bytes, good.length, good.length);
            System.arraycopy(third, 0, bytes, good.length * 2, third.length);
            bytes[bytes.length - 1] = (byte) 0xFF;
            Path file = dir.resolve(name);
            Files.write(file, bytes);
            DatasetFormatException error = loadFails(file);
            assertEquals(3, error.line().getAsInt(), error.getMessage());
            assertTrue(error.getMessage().contains("not valid UTF-8"), error.getMessage());
            assertTrue(error.getMessage().contains("byte 0xFF at byte offset " + (bytes.length - 1)),
                    error.getMessage());
            assertFalse(error.isRowError());
        }
    }
}
