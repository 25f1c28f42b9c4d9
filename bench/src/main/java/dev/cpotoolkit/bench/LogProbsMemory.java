package dev.cpotoolkit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.LeanLogProbs;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.model.SequenceLogProbs;
import dev.cpotoolkit.model.TokenSelection;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.tokenize.PreferenceBatch;

import java.io.PrintWriter;

/**
 * Peak resident memory of the log-prob part of a step, one way per process
 * (the high-water mark is per process): {@code full} forms the (2B, T, V)
 * logits and takes {@link SequenceLogProbs} of them, as the objective did
 * before; {@code lean} uses {@link LeanLogProbs}. Forward and backward of the
 * summed sequence log-probs, a few times.
 */
public final class LogProbsMemory {

    private LogProbsMemory() {}

    /**
     * @param way {@code full} or {@code lean}
     * @return the peak RSS in KiB
     */
    public static long run(BenchSettings settings, String way, PrintWriter out) {
        ModelConfig config = BenchModels.config(settings.model(), settings.vocabSize());
        PreferenceBatch batch = SyntheticPairs.batch(settings, config);
        long before;
        long start = System.nanoTime();
        try (CausalLM model = CausalLM.fromConfig(config, settings.seed())) {
            before = ProcessMemory.peakKib();
            for (int i = 0; i < Math.max(1, settings.steps()); i++) {
                try (NDManager step = model.manager().newSubManager();
                     GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                    ForwardInput input = ForwardInput.of(batch.inputIds(step), batch.attentionMask(step));
                    NDArray labels = batch.labels(step);
                    SequenceLogProbs logProbs = way.equals("full")
                            ? SequenceLogProbs.compute(model.forward(input), labels)
                            : LeanLogProbs.compute(model.hiddenStates(input), model.lmHeadWeight(),
                                    TokenSelection.causal(batch.labels(), SequenceLogProbs.IGNORE_INDEX), step);
                    collector.backward(logProbs.sum().sum());
                }
            }
        }
        long peak = ProcessMemory.peakKib();
        out.println(CpoBenchmark.format("log-probs %s: %s vocab %d, 2B x T = %d x %d: peak RSS %d MiB "
                        + "(%d MiB before the first step), %.2f s per forward+backward. %s", way, settings.model(),
                config.vocabSize(), batch.shape()[0], batch.shape()[1], peak / 1024, before / 1024,
                (System.nanoTime() - start) / 1e9 / Math.max(1, settings.steps()), LoadAverage.describe()));
        out.flush();
        return peak;
    }
}
