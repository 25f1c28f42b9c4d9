package dev.cpotoolkit.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.GradMode;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.CpoObjective;
import dev.cpotoolkit.train.optim.AdamW;
import dev.cpotoolkit.train.optim.AdamWSettings;
import dev.cpotoolkit.train.optim.GradientClipping;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's CPO step, timed in three parts: exactly what
 * {@code CPOTrainer} does per optimizer step without gradient accumulation
 * (per-step sub-manager, gradient collector, objective, backward, global-norm
 * clipping, in-place AdamW).
 */
public final class ToolkitStep implements AutoCloseable {

    private final CausalLM model;
    private final CpoObjective objective;
    private final AdamW optimizer;
    private final double learningRate;
    private final double maxGradNorm;
    private final List<Parameter> parameters;

    /**
     * @param model        the model to train (changed in place)
     * @param objective    the CPO objective (layout, loss)
     * @param optimizer    the optimizer over the model's parameters
     * @param learningRate constant rate for every step
     * @param maxGradNorm  clipping threshold, 0 for none
     */
    public ToolkitStep(CausalLM model, CpoObjective objective, AdamW optimizer, double learningRate,
                       double maxGradNorm) {
        this.model = model;
        this.objective = objective;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.maxGradNorm = maxGradNorm;
        this.parameters = new ArrayList<>(model.namedParameters().values());
    }

    /**
     * The benchmark's step on {@code model}: its CPO objective (beta, cpo_alpha,
     * plain or prefix-shared layout), a fresh AdamW with its weight decay, its
     * learning rate and clipping. Closing the step closes the optimizer.
     */
    public static ToolkitStep forBench(CausalLM model, boolean prefixSharing) {
        CpoObjective objective = CpoObjective.of(CPOConfig.builder().beta(BenchSettings.BETA)
                .cpoAlpha(BenchSettings.CPO_ALPHA).prefixSharing(prefixSharing).build(), null);
        AdamW optimizer = new AdamW(model.namedParameters(),
                AdamWSettings.defaults().withWeightDecay(BenchSettings.WEIGHT_DECAY));
        return new ToolkitStep(model, objective, optimizer, BenchSettings.LEARNING_RATE, BenchSettings.MAX_GRAD_NORM);
    }

    /** The objective on {@code batch} under the current weights, without gradients or an update. */
    public double initialLoss(PreferenceBatch batch) {
        try (GradMode.Scope noGrad = GradMode.set(false); NDManager step = model.manager().newSubManager()) {
            return objective.compute(model, batch, step, objective.sizeOf(batch)).objective().getFloat();
        }
    }

    /** Runs one full step on {@code batch} and returns its timing. */
    public StepTiming run(PreferenceBatch batch) {
        long t0 = System.nanoTime();
        long t1;
        double loss;
        try (NDManager step = model.manager().newSubManager();
             GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
            CpoObjective.Step result = objective.compute(model, batch, step, objective.sizeOf(batch));
            loss = result.objective().getFloat();
            t1 = System.nanoTime();
            collector.backward(result.objective());
        }
        long t2 = System.nanoTime();
        GradientClipping.Norm clip = GradientClipping.measure(parameters, maxGradNorm);
        optimizer.step(learningRate, clip.scale());
        long t3 = System.nanoTime();
        return new StepTiming(loss, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
