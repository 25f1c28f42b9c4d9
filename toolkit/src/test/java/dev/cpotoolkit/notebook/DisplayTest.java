package dev.cpotoolkit.notebook;

import dev.cpotoolkit.train.TrainingProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayTest {

    /** Records what the toolkit displays, as a kernel would show it. */
    private static final class Recording implements DisplayFrontend {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean isNotebook() {
            return true;
        }

        @Override
        public String display(Object value) {
            events.add("display " + MimeRenderer.render(value).text());
            return "id" + events.size();
        }

        @Override
        public void updateDisplay(String id, Object value) {
            events.add("update " + id + " " + MimeRenderer.render(value).text());
        }
    }

    @AfterEach
    void detach() {
        Notebook.attach(null);
    }

    @Test
    void outsideAKernelTheToolkitPrintsTextAndAddsNoProgressDisplay() {
        assertFalse(Notebook.isKernelPresent(), "no IJava or JJava in the test JVM");
        assertTrue(Notebook.progressListener().isEmpty());
    }

    @Test
    void tablesBecomeEscapedHtmlWithHeadAndTail() {
        int n = 50;
        IntColumn index = IntColumn.indexColumn("index", n, 0);
        StringColumn text = StringColumn.create("prompt");
        DoubleColumn margin = DoubleColumn.create("margin");
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "<script>alert('x')</script> & more" : "row " + i);
            margin.append(i / 3.0);
        }
        String html = TableHtml.render(Table.create("examples", index, text, margin));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"), html);
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("… 30 more rows …"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">16.3333</td>"), html);
        assertTrue(html.contains("row 49") && !html.contains("row 25<"), "head and tail only");
        MimeBundle bundle = MimeRenderer.render(Table.create("t", index));
        assertTrue(bundle.has(MimeBundle.HTML) && bundle.has(MimeBundle.TEXT));
    }

    @Test
    void progressIsOneDisplayUpdatedAtMostTwiceASecond() {
        Recording recording = new Recording();
        Notebook.attach(recording);
        assertTrue(Notebook.isKernelPresent());
        AtomicLong clock = new AtomicLong();
        NotebookProgress progress = new NotebookProgress(clock::get);
        progress.onTrainBegin(new TrainingProgress(0, 10, 0, 0, 0));
        for (int step = 1; step <= 10; step++) {
            clock.addAndGet(100_000_000L); // 0.1 s a step
            progress.onStepEnd(new TrainingProgress(step, 10, step / 10.0, step * 0.1, step),
                    Map.of("loss", 0.5, "rewards/accuracies", 0.75, "rewards/margins", 0.125));
        }
        progress.onTrainEnd(new TrainingProgress(10, 10, 1, 1, 10));
        assertEquals(1, recording.events.stream().filter(e -> e.startsWith("display")).count());
        assertEquals(List.of("update id1", "update id1", "update id1"),
                recording.events.stream().skip(1).map(e -> e.substring(0, 10)).toList(),
                "updates at 0.5 s and 1.0 s, then the final state: " + recording.events);
        String last = recording.events.get(recording.events.size() - 1);
        assertTrue(last.contains("done [####################] step 10/10 (100%) · loss 0.5000 · acc 0.75 · margin 0.125"),
                last);
    }
}
