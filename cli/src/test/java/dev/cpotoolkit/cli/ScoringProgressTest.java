package dev.cpotoolkit.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** evaluate's progress: one line per tenth of the pairs, whatever the batch size. */
class ScoringProgressTest {

    @Test
    void aLinePerTenthEndingAtTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScoringProgress progress = new ScoringProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (int scored = 8; scored < 203; scored += 8) {
            progress.scored(scored, 203);
        }
        progress.scored(203, 203);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(10, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("evaluate: scored 24/203 pairs (12%)"), lines[0]);
        assertTrue(lines[9].startsWith("evaluate: scored 203/203 pairs (100%)"), lines[9]);
    }
}
