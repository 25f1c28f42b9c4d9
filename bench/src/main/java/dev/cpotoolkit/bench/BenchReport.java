package dev.cpotoolkit.bench;

import dev.cpotoolkit.bench.CpoBenchmark.Side;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.train.BatchLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's Markdown table. */
final class BenchReport {

    private BenchReport() {}

    static String markdown(BenchSettings s, CausalLM model, PreferenceBatch batch, long realTokens, List<Side> sides,
                           Side pytorch, double toolkitMatmul, double pythonMatmul, Map<String, Double> firstLoss,
                           double pythonFirstLoss, String pythonInfo, Map<String, BatchLayout> layouts) {
        StringBuilder md = new StringBuilder();
        md.append(CpoBenchmark.format("### %s (%.1fM parameters%s, vocab %d): %d pairs, prompt %d + answers %d/%d tokens"
                        + " (2B x T = %d x %d, %d real tokens)%n%n",
                s.model(), model.parameterCount() / 1e6, model.adapter().map(a -> CpoBenchmark.format(
                        "; LoRA r %d on %d modules: %.2fM trainable", a.config().r(), a.adaptedModules().size(),
                        a.parameterCount() / 1e6)).orElse(""), model.config().vocabSize(), s.batchSize(), s.promptLength(),
                s.answerLength(), Math.max(1, s.answerLength() * 3 / 4), batch.shape()[0], batch.shape()[1], realTokens));
        md.append(CpoBenchmark.format("%d rounds x %d steps per side, alternated; %d warm-up steps; medians. "
                + "Load before: %s%n%n", s.rounds(), s.steps(), s.warmup(), LoadAverage.describe()));
        String changed = changedSettings(s);
        if (!changed.isEmpty()) {
            md.append("Toolkit run settings given on top of the benchmark's: ").append(changed).append("\n\n");
        }
        md.append("| side | step s | forward+loss s | backward s | optimizer s (share) | tokens/s | pairs/s "
                + "| vs PyTorch | GFLOP/s (of own matmul) | peak RSS MiB | padding |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Side> all = new ArrayList<>(sides);
        if (pytorch != null) {
            all.add(pytorch);
        }
        double pytorchStep = pytorch == null ? Double.NaN : pytorch.median(StepTiming::total);
        for (Side side : all) {
            boolean isPython = side == pytorch;
            double step = side.median(StepTiming::total);
            double optimizer = side.median(StepTiming::optimizer);
            double matmul = isPython ? pythonMatmul : toolkitMatmul;
            BatchLayout layout = isPython ? null : layouts.get(side.name().substring("toolkit ".length()));
            double padding = layout == null ? BatchLayout.plain(batch, -100).paddingFraction() : layout.paddingFraction();
            md.append(CpoBenchmark.format("| %s | %.3f | %.3f | %.3f | %.3f (%.0f%%) | %.0f | %.2f | %s | %.1f (%.0f%%) | %d | %.0f%% |%n",
                    side.name(), step, side.median(StepTiming::forward), side.median(StepTiming::backward), optimizer,
                    100 * optimizer / step, realTokens / step, s.batchSize() / step,
                    pytorch == null ? "-" : CpoBenchmark.format("%.2fx", pytorchStep / step),
                    side.flops() / step / 1e9, 100 * side.flops() / step / matmul, side.peakRssKib() / 1024,
                    100 * padding));
        }
        md.append('\n');
        md.append(CpoBenchmark.format("Matmul rate (fp32 2048^2, best of 5, start and end of run): toolkit %.1f GFLOP/s",
                toolkitMatmul / 1e9));
        if (pytorch != null) {
            md.append(CpoBenchmark.format(", PyTorch %s %.1f GFLOP/s", pythonInfo, pythonMatmul / 1e9));
        }
        md.append(".\n\nFirst-step loss (same initial weights, same batch): ");
        firstLoss.forEach((name, loss) -> md.append(CpoBenchmark.format("toolkit %s %.6f; ", name, loss)));
        if (pytorch != null) {
            double worst = 0;
            for (double loss : firstLoss.values()) {
                worst = Math.max(worst, Math.abs(loss - pythonFirstLoss));
            }
            md.append(CpoBenchmark.format("PyTorch %.6f; largest difference %.2e.", pythonFirstLoss, worst));
        } else if (!pythonInfo.isEmpty()) {
            md.append(pythonInfo).append('.');
        }
        md.append("\nFLOPs count matmuls of the work each side does (the toolkit's LM head only at label positions;"
                + " prefix sharing computes the prompt once). Peak RSS is each process's high-water mark (VmHWM) over the warm-up and timed steps, restarted after loading the weights.\n");
        return md.toString();
    }

    /**
     * The settings that differ from the benchmark's own run ({@link BenchSettings#defaults()}), as
     * {@code key=value}: a row measured with {@code --gradient-checkpointing} or another pass-through
     * flag says so in its own table.
     */
    static String changedSettings(BenchSettings s) {
        Map<String, Object> base = BenchSettings.defaults().build().toMap();
        List<String> changed = new ArrayList<>();
        s.training().toMap().forEach((key, value) -> {
            if (!java.util.Objects.equals(value, base.get(key))) {
                changed.add(key + "=" + value);
            }
        });
        return String.join(", ", changed);
    }
}
