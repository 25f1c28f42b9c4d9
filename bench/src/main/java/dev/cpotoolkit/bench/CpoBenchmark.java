package dev.cpotoolkit.bench;

import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.tokenize.TokenizedPair;
import dev.cpotoolkit.train.BatchLayout;
import dev.cpotoolkit.train.CpoObjective;
import dev.cpotoolkit.train.TrainingObjective;
import dev.cpotoolkit.train.TrainingStep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmark: builds the model and batch, alternates the toolkit's
 * variants and the PyTorch baseline round by round, and reports medians.
 */
public final class CpoBenchmark {

    private static final int MATMUL_N = 2048;

    private CpoBenchmark() {}

    /**
     * What a run produced.
     *
     * @param markdown         the printed table
     * @param initialLosses    each toolkit variant's loss on the initial weights
     * @param pytorchInitialLoss PyTorch's loss on the same weights and batch, NaN without the baseline
     */
    public record Result(String markdown, Map<String, Double> initialLosses, double pytorchInitialLoss) {}

    /** The measured result of one side or variant. */
    public record Side(String name, List<StepTiming> steps, double flops, long peakRssKib) {

        /** Median of a part over the timed steps. */
        public double median(java.util.function.ToDoubleFunction<StepTiming> part) {
            double[] values = steps.stream().mapToDouble(part).sorted().toArray();
            int n = values.length;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }

    /**
     * Runs the benchmark and prints its table to {@code out}.
     *
     * @param settings what to measure
     * @param work     a scratch folder (model export for the baseline)
     * @param out      where the table goes
     * @return the table and the parity numbers
     */
    public static Result run(BenchSettings settings, Path work, PrintWriter out) {
        ModelConfig config = BenchModels.config(settings.model(), settings.vocabSize());
        List<TokenizedPair> pairs = SyntheticPairs.make(settings.batchSize(), settings.promptLength(),
                settings.answerLength(), config.vocabSize(), settings.seed());
        PreferenceBatch batch = SyntheticPairs.batch(pairs, config.vocabSize() - 1);
        long realTokens = 0;
        for (int[] row : batch.attentionMask()) {
            for (int m : row) {
                realTokens += m;
            }
        }
        try (CausalLM model = CausalLM.fromConfig(config, settings.seed())) {
            model.train();
            // As the trainer does: TRL's disable_dropout (default true) also silences a LoRA adapter's dropout,
            // whose masks and dropped copies of each adapted layer's input would otherwise add to the peak.
            model.setDisableDropout(settings.training().disableDropout());
            if (settings.training().usePeft()) {
                // As the trainer does (use_peft): a fresh adapter, the base frozen.
                model.addLora(settings.training().loraConfig(), settings.seed());
            }
            PythonBaseline python = null;
            String pythonNote = "";
            if (settings.python() != null) {
                if (model.adapter().isPresent()) {
                    pythonNote = "no PyTorch baseline: cpo_step.py trains every weight, not a LoRA adapter";
                } else if (!BenchModels.isGpt2(config)) {
                    pythonNote = "no PyTorch baseline: cpo_step.py implements GPT-2 only";
                } else if (!PythonBaseline.available(settings.python())) {
                    pythonNote = "no PyTorch baseline: " + settings.python() + " cannot import torch "
                            + "(apt-get install python3-torch libopenblas0)";
                } else {
                    Path modelDir = work.resolve("model");
                    model.save(modelDir);
                    python = PythonBaseline.start(settings.python(), work, modelDir, batch, Map.of(
                            "beta", BenchSettings.BETA, "cpo_alpha", BenchSettings.CPO_ALPHA,
                            "learning_rate", BenchSettings.LEARNING_RATE, "weight_decay", BenchSettings.WEIGHT_DECAY,
                            "max_grad_norm", BenchSettings.MAX_GRAD_NORM), settings.threads(),
                            settings.baselineTunables());
                }
            }
            if (!pythonNote.isEmpty()) {
                out.println(pythonNote);
            }
            try {
                return measure(settings, model, batch, realTokens, python, pythonNote, out);
            } finally {
                if (python != null) {
                    python.close();
                }
            }
        }
    }

    private static Result measure(BenchSettings settings, CausalLM model, PreferenceBatch batch, long realTokens,
                                  PythonBaseline python, String pythonNote, PrintWriter out) {
        // One optimizer state, as in one run; each layout is a view of the trainer's step over it.
        TrainingStep first = settings.trainingStep(model, settings.variants().get(0).startsWith("prefix"));
        Map<String, TrainingStep> variants = new LinkedHashMap<>();
        Map<String, BatchLayout> layouts = new LinkedHashMap<>();
        for (String variant : settings.variants()) {
            CpoObjective objective = (CpoObjective) TrainingObjective.of(
                    settings.runConfig(variant.startsWith("prefix")), null, false);
            TrainingStep step = variants.isEmpty() ? first : first.sharingOptimizer(objective);
            variants.put(variant, step.checkpointLayers(settings.checkpointed(variant))
                    .bf16(settings.bf16(variant)));
            layouts.put(variant, objective.layout(batch));
        }
        double toolkitMatmul = MatmulRate.measure(MATMUL_N, 5);
        double pythonMatmul = python == null ? 0 : python.matmulRate(MATMUL_N, 5);

        // Parity: every side's loss on the initial weights and the same batch, before any update.
        Map<String, Double> firstLoss = new LinkedHashMap<>();
        for (Map.Entry<String, TrainingStep> variant : variants.entrySet()) {
            firstLoss.put(variant.getKey(), variant.getValue().lossWithoutUpdate(batch));
        }
        // Peak memory is the steps' (warm-up included, where the optimizer state appears), not the
        // setup's: on both sides the weights were built or loaded through buffers that are gone now.
        System.gc(); // the random weights were generated in Java arrays; let the heap shrink first
        ProcessMemory.resetPeak();
        if (python != null) {
            python.resetPeak();
        }
        for (TrainingStep variant : variants.values()) {
            for (int i = 0; i < settings.warmup(); i++) {
                BenchSettings.time(variant, batch);
            }
        }
        double pythonFirstLoss = Double.NaN;
        boolean bf16 = settings.variants().stream().anyMatch(v -> v.endsWith("bf16"));
        if (python != null) {
            // The child's first step starts from the exported initial weights.
            pythonFirstLoss = python.steps(Math.max(1, settings.warmup())).steps().get(0).loss();
            if (bf16) {
                python.steps(Math.max(1, settings.warmup()), true);
            }
        }
        List<StepTiming> autocastTimings = new ArrayList<>();

        Map<String, List<StepTiming>> timings = new LinkedHashMap<>();
        List<StepTiming> pythonTimings = new ArrayList<>();
        long pythonPeak = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            for (Map.Entry<String, TrainingStep> variant : variants.entrySet()) {
                List<StepTiming> list = timings.computeIfAbsent(variant.getKey(), k -> new ArrayList<>());
                for (int i = 0; i < settings.steps(); i++) {
                    list.add(BenchSettings.time(variant.getValue(), batch));
                }
            }
            if (python != null) {
                PythonBaseline.Round r = python.steps(settings.steps());
                pythonTimings.addAll(r.steps());
                pythonPeak = Math.max(pythonPeak, r.peakRssKib());
                if (bf16) {
                    autocastTimings.addAll(python.steps(settings.steps(), true).steps());
                }
            }
        }
        // Measured again at the end: the better of the two is the machine's rate during the run.
        toolkitMatmul = Math.max(toolkitMatmul, MatmulRate.measure(MATMUL_N, 5));
        if (python != null) {
            pythonMatmul = Math.max(pythonMatmul, python.matmulRate(MATMUL_N, 5));
        }
        long toolkitPeak = ProcessMemory.peakKib();
        first.close();

        long rows = batch.shape()[0];
        long columns = batch.shape()[1];
        double pythonFlops = StepFlops.of(model, rows, columns, rows * columns);
        List<Side> sides = new ArrayList<>();
        for (Map.Entry<String, List<StepTiming>> entry : timings.entrySet()) {
            BatchLayout layout = layouts.get(entry.getKey());
            double flops = StepFlops.of(model, layout.rows(), layout.columns(), layout.selection().size());
            sides.add(new Side("toolkit " + entry.getKey(), entry.getValue(), flops, toolkitPeak));
        }
        Side pytorch = python == null ? null : new Side("pytorch eager", pythonTimings, pythonFlops, pythonPeak);

        String table = BenchReport.markdown(settings, model, batch, realTokens, sides, pytorch, toolkitMatmul,
                pythonMatmul, firstLoss, pythonFirstLoss, python == null ? pythonNote : python.torchVersion()
                        + (settings.baselineTunables() ? " (with GLIBC_TUNABLES=" + System.getenv("GLIBC_TUNABLES") + ")"
                        : " (default environment)"),
                layouts);
        if (bf16) {
            table += System.lineSeparator() + bf16Summary(sides, pytorch, autocastTimings, pythonFlops, toolkitMatmul,
                    python);
        }
        out.println(table);
        out.flush();
        return new Result(table, firstLoss, pythonFirstLoss);
    }

    /**
     * The bf16 lines under the table: each side's bfloat16 matmul peak (the
     * toolkit's through its kernel, casts included), every toolkit bf16
     * variant's fraction of it and its ratio to the float32 {@code plain}
     * step, and PyTorch eager under autocast.
     */
    private static String bf16Summary(List<Side> sides, Side pytorch, List<StepTiming> autocastTimings,
                                      double pythonFlops, double toolkitMatmul, PythonBaseline python) {
        // Emulated bfloat16 (a CPU without AVX512-BF16/AMX) multiplies at well under 1 GFLOP/s: a 2048²
        // product takes about a minute there, so the rate is taken on a smaller one.
        boolean emulated = dev.cpotoolkit.model.layers.MixedPrecision.emulationReason() != null;
        int n = emulated ? 512 : MATMUL_N;
        double toolkitBf16 = Math.max(MatmulRate.measureBf16(n, emulated ? 2 : 5), MatmulRate.measureBf16(n, emulated ? 1 : 5));
        StringBuilder text = new StringBuilder();
        String nl = System.lineSeparator();
        text.append(String.format(java.util.Locale.ROOT, "bf16: %d² matmul, toolkit kernel (casts included) %.1f"
                + " GFLOP/s vs float32 %.1f GFLOP/s (%d²)%s%n", n, toolkitBf16 / 1e9, toolkitMatmul / 1e9, MATMUL_N,
                emulated ? "; emulated: " + dev.cpotoolkit.model.layers.MixedPrecision.emulationReason() : ""));
        Side plain = sides.stream().filter(s -> s.name().equals("toolkit plain")).findFirst().orElse(null);
        for (Side side : sides) {
            if (!side.name().endsWith("bf16")) {
                continue;
            }
            double seconds = side.median(StepTiming::total);
            text.append(String.format(java.util.Locale.ROOT, "bf16: %s median step %.3f s, %.1f GFLOP/s = %.0f%% of"
                    + " the bf16 matmul rate", side.name(), seconds, side.flops() / seconds / 1e9,
                    100 * side.flops() / seconds / toolkitBf16));
            if (plain != null) {
                text.append(String.format(java.util.Locale.ROOT, "; float32 plain / bf16 step time = %.2f",
                        plain.median(StepTiming::total) / seconds));
            }
            text.append(nl);
        }
        if (python != null && !autocastTimings.isEmpty()) {
            Side autocast = new Side("pytorch eager autocast bf16", autocastTimings, pythonFlops, 0);
            double seconds = autocast.median(StepTiming::total);
            double pythonBf16 = python.matmulRate(MATMUL_N, 5, true);
            text.append(String.format(java.util.Locale.ROOT, "bf16: pytorch eager under torch.autocast(\"cpu\","
                    + " dtype=torch.bfloat16) median step %.3f s (first loss %.6f), bf16 matmul %.1f GFLOP/s;"
                    + " float32 eager / autocast step time = %.2f", seconds, autocastTimings.get(0).loss(),
                    pythonBf16 / 1e9, pytorch.median(StepTiming::total) / seconds));
            for (Side side : sides) {
                if (side.name().endsWith("bf16")) {
                    text.append(String.format(java.util.Locale.ROOT, "; autocast / %s step time = %.2f",
                            side.name(), seconds / side.median(StepTiming::total)));
                }
            }
            text.append(nl);
        }
        return text.toString();
    }

    /** Appends {@code text} to a Markdown file, creating it and its folder. */
    public static void append(Path file, String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
