package dev.cpotoolkit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The benchmark runs end to end, and its PyTorch baseline computes the same
 * step: on the same initial weights and batch, the toolkit's loss (plain and
 * prefix-shared layouts) and PyTorch eager's agree within 1e-4. No timing is
 * asserted. Needs Debian's {@code python3-torch} (CI installs it; elsewhere the
 * test is skipped when {@code /usr/bin/python3} cannot import torch).
 */
class BenchParityTest {

    @Test
    void toolkitAndPytorchStartFromTheSameLoss(@TempDir Path work) {
        assumeTrue(PythonBaseline.available(PythonBaseline.DEFAULT_PYTHON),
                "python3-torch is not installed: apt-get install python3-torch libopenblas0");
        BenchSettings settings = new BenchSettings("gpt2-tiny", 0, 2, 12, 8, 1, 0, 1, List.of("plain", "prefix"),
                PythonBaseline.DEFAULT_PYTHON, 2, 7, false);
        StringWriter text = new StringWriter();
        CpoBenchmark.Result result = CpoBenchmark.run(settings, work, new PrintWriter(text));
        double pytorch = result.pytorchInitialLoss();
        assertTrue(Double.isFinite(pytorch), text.toString());
        for (double loss : result.initialLosses().values()) {
            assertEquals(pytorch, loss, 1e-4 * Math.max(1, Math.abs(pytorch)), text.toString());
        }
        assertTrue(result.markdown().contains("| pytorch eager |"), result.markdown());
    }

    @Test
    void toolkitOnlyRunPrintsATable(@TempDir Path work) {
        BenchSettings settings = new BenchSettings("tiny", 0, 2, 6, 4, 1, 0, 1, List.of("plain"), null, 2, 7, false);
        CpoBenchmark.Result result = CpoBenchmark.run(settings, work, new PrintWriter(new StringWriter()));
        assertTrue(result.markdown().contains("| toolkit plain |"), result.markdown());
        assertTrue(Double.isFinite(result.initialLosses().get("plain")));
    }
}
