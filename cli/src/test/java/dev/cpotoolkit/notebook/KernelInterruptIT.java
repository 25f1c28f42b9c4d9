package dev.cpotoolkit.notebook;

import dev.cpotoolkit.notebook.jupyter.JupyterClient;
import dev.cpotoolkit.notebook.jupyter.JupyterClient.Cell;
import dev.cpotoolkit.notebook.jupyter.JupyterClient.Reply;
import dev.cpotoolkit.notebook.jupyter.NbConvert;
import dev.cpotoolkit.notebook.jupyter.TestKernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebook's stop button during training, in each test kernel, driven through
 * {@code jupyter_client} as JupyterLab drives it. The kernel answers the interrupt at once, while
 * the training thread only stops at its next step boundary; a user who then runs another training
 * cell must not get two {@code train()} calls running at once on one trainer (pool threads make that
 * possible), and the steps must go on exactly where they stopped.
 */
class KernelInterruptIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path work;

    @BeforeAll
    static void jupyterIsThere() {
        NbConvert.requireJupyter();
    }

    @ParameterizedTest
    @EnumSource(TestKernel.class)
    void stopButtonStopsTrainingAtAStepAndTheNextCellContinuesFromThere(TestKernel kernel) {
        Path folder = work.resolve(kernel.name());
        String setup = String.join("\n",
                "%classpath " + ROOT.resolve("cli/target/cpo-toolkit.jar") + " "
                        + ROOT.resolve("cli/target/lib") + "/*.jar",
                "import dev.cpotoolkit.Cpo;",
                "import dev.cpotoolkit.data.*;",
                "import dev.cpotoolkit.model.*;",
                "import dev.cpotoolkit.tokenize.*;",
                "import dev.cpotoolkit.train.*;",
                "import java.nio.file.*;",
                "import java.util.concurrent.atomic.AtomicInteger;",
                "Path folder = Cpo.tinyModel(Path.of(\"tiny\"), 7);",
                "CausalLM model = CausalLM.load(folder);",
                "PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder);",
                "List<Integer> steps = new CopyOnWriteArrayList<>();",
                "AtomicInteger running = new AtomicInteger();",
                "AtomicInteger mostAtOnce = new AtomicInteger();",
                // A slow step, as on a real model: busy for 1.5 s whatever the interrupt flag says.
                "TrainingListener slowStep = new TrainingListener() {",
                "    public void onTrainBegin(TrainingProgress p) { mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max); }",
                "    public void onStepEnd(TrainingProgress p, Map<String, Double> m) {",
                "        steps.add(p.step());",
                "        long end = System.nanoTime() + 1_500_000_000L;",
                "        while (System.nanoTime() < end) { }",
                "    }",
                "    public void onTrainEnd(TrainingProgress p) { running.decrementAndGet(); }",
                "};",
                "CPOTrainer trainer = CPOTrainer.builder().model(model).tokenizer(tokenizer)",
                "        .config(CPOConfig.builder().learningRate(2e-3).perDeviceTrainBatchSize(7).maxSteps(1000)",
                "                .maxLength(128).maxPromptLength(64).saveSteps(0).outputDir(\"run\").build())",
                "        .trainDataset(PreferenceDataset.load(Path.of(\"" + ROOT.resolve("datasets/seed-chat") + "\")))",
                "        .listener(slowStep).build();",
                "\"ready\"");
        List<Reply> replies = new JupyterClient(kernel.install(work.resolve("jupyter-" + kernel.name())))
                .run(folder(folder), List.of(
                        Cell.of(setup),
                        new Cell("trainer.train();", 6.0),
                        Cell.of("TrainResult more = trainer.train(2);\n"
                                + "more.stepsThisCall() + \" more steps, at step \" + more.globalStep()"),
                        Cell.of("steps + \" most at once: \" + mostAtOnce.get()")),
                        Duration.ofMinutes(5));

        assertEquals("ok", replies.get(0).status(), replies.get(0).toString());
        Reply stopped = replies.get(1);
        assertEquals("error", stopped.status(), "the interrupted cell reports the interrupt: " + stopped);
        assertTrue(stopped.seconds() < 12, "the kernel answers the stop button at once: " + stopped);
        Reply next = replies.get(2);
        assertEquals("ok", next.status(), next.toString());
        String[] report = replies.get(3).text().strip().split(" most at once: ");
        assertEquals("1", report[1], "two train() calls ran at once: " + replies);
        List<String> seen = List.of(report[0].replaceAll("[\\[\\]\\s]", "").split(","));
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(String.valueOf(i + 1), seen.get(i), "steps must go on one after another: " + seen);
        }
        assertTrue(next.text().contains("2 more steps, at step " + seen.size()), next.text() + " / " + seen);
    }

    private static Path folder(Path folder) {
        try {
            return java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
