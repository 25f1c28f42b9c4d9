package dev.cpotoolkit.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.GradMode;
import dev.cpotoolkit.model.checkpoint.FloatTensor;
import dev.cpotoolkit.model.layers.LayerCheckpoints;
import dev.cpotoolkit.model.layers.MixedPrecision;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.train.optim.AdamW;
import dev.cpotoolkit.train.optim.AdamWSettings;
import dev.cpotoolkit.train.optim.GradientClipping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One optimizer step, and the optimizer state it needs: forward and objective
 * on each micro-batch of an accumulation group, backward, global-norm
 * clipping, then the AdamW update. {@link CPOTrainer} runs it in its loop and
 * the benchmark times it, so both measure the same code.
 *
 * <p>Every micro-batch's arrays live in a sub-manager closed before the next
 * one starts; gradients stay on the parameters until the optimizer has used
 * them. A NaN or infinite loss or gradient norm releases the gradients and
 * throws {@link TrainingDivergedException} before the update is applied.
 *
 * <p>Owns its {@link AdamW} (two model-sized moment buffers in native memory):
 * {@link #close()} frees them. The model is the caller's.
 */
public final class TrainingStep implements AutoCloseable {

    private final CausalLM model;
    private final TrainingObjective objective;
    private final AdamW optimizer;
    private final boolean ownsOptimizer;
    private final double maxGradNorm;
    private final List<Parameter> parameters;
    private boolean checkpointLayers;
    private boolean bf16;

    private TrainingStep(CausalLM model, TrainingObjective objective, AdamW optimizer, boolean ownsOptimizer,
                         double maxGradNorm) {
        this.model = Objects.requireNonNull(model, "model");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.optimizer = optimizer;
        this.ownsOptimizer = ownsOptimizer;
        this.maxGradNorm = maxGradNorm;
        this.parameters = new ArrayList<>(model.trainableParameters().values());
    }

    /**
     * A step over the trainable parameters of {@code model} (all of them, or a
     * LoRA adapter's: see {@link CausalLM#trainableParameters()}) with a fresh AdamW.
     *
     * @param model       the model to train (changed in place)
     * @param objective   what each step minimises
     * @param adam        AdamW's settings (betas, epsilon, weight decay and its rule)
     * @param maxGradNorm global-norm clipping threshold; 0 measures the norm without clipping
     */
    public TrainingStep(CausalLM model, TrainingObjective objective, AdamWSettings adam, double maxGradNorm) {
        this(model, objective, new AdamW(model.trainableParameters(), adam), true, maxGradNorm);
    }

    /** The step a config describes: its objective's model, AdamW settings and clipping. */
    public static TrainingStep of(CausalLM model, TrainingObjective objective, CPOConfig config) {
        return new TrainingStep(model, objective, AdamWSettings.fromConfig(config), config.maxGradNorm())
                .checkpointLayers(config.gradientCheckpointing()).bf16(config.bf16());
    }

    /**
     * Hugging Face's {@code bf16}: forward and backward of every micro-batch
     * run inside a {@link MixedPrecision#bf16()} region (matmuls in bfloat16,
     * the rest float32; weights and AdamW state stay float32).
     *
     * @return this step
     */
    public TrainingStep bf16(boolean enabled) {
        this.bf16 = enabled;
        return this;
    }

    /**
     * Hugging Face's {@code gradient_checkpointing}: each decoder layer keeps
     * only its input during forward and is recomputed during backward
     * ({@link LayerCheckpoints}). Same gradients, less memory, more compute.
     *
     * @return this step
     */
    public TrainingStep checkpointLayers(boolean enabled) {
        this.checkpointLayers = enabled;
        return this;
    }

    /**
     * Another objective over this step's optimizer state (the benchmark compares
     * layouts of one run this way). The view never closes the shared optimizer;
     * this step does.
     */
    public TrainingStep sharingOptimizer(TrainingObjective other) {
        return new TrainingStep(model, other, optimizer, false, maxGradNorm).checkpointLayers(checkpointLayers)
                .bf16(bf16);
    }

    /**
     * What one step did.
     *
     * @param loss            the objective summed over the group's micro-batches
     * @param gradNorm        the global gradient norm before clipping (Hugging Face's {@code grad_norm})
     * @param outcome         the group's numbers, as one batch
     * @param forwardSeconds  time in forward and objective, all micro-batches
     * @param backwardSeconds time in backward and in freeing each micro-batch's arrays
     * @param updateSeconds   time in clipping and the optimizer update
     */
    public record Result(double loss, double gradNorm, BatchOutcome outcome, double forwardSeconds,
                         double backwardSeconds, double updateSeconds) {

        /** TRL's training metrics of this step (without {@code learning_rate}, which the schedule knows). */
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = outcome.metrics("");
            metrics.put("loss", loss);
            metrics.put("grad_norm", gradNorm);
            return metrics;
        }
    }

    /**
     * Runs one optimizer step over an accumulation group.
     *
     * @param group        the micro-batches whose gradients add up to this update
     * @param learningRate the rate for this update
     * @param stepNumber   the 1-based number of this step in its run, for the divergence message
     * @throws TrainingDivergedException when the loss or gradient norm is not finite (nothing applied)
     */
    public Result run(List<PreferenceBatch> group, double learningRate, int stepNumber) {
        TrainingObjective.GroupSize size = objective.sizeOf(group);
        List<BatchOutcome> outcomes = new ArrayList<>(group.size());
        double loss = 0;
        long forward = 0;
        long backward = 0;
        for (PreferenceBatch batch : group) {
            long t0 = System.nanoTime();
            long t1;
            // The collector turns gradient recording on for this thread while it is open.
            // The bf16 region spans backward too: checkpointed layers are recomputed there.
            try (MixedPrecision.Scope precision = MixedPrecision.of(bf16);
                 NDManager step = model.manager().newSubManager();
                 GradientCollector collector = TorchRuntime.engine().newGradientCollector();
                 LayerCheckpoints layers = checkpointLayers ? model.checkpointLayers() : null) {
                TrainingObjective.Step result = objective.compute(model, batch, step, size);
                loss += result.objective().getFloat();
                t1 = System.nanoTime();
                collector.backward(result.objective());
                if (layers != null) {
                    // The loss's backward stopped at the last layer's output; the layers follow.
                    layers.backward(collector);
                }
                outcomes.add(result.outcome());
            }
            forward += t1 - t0;
            backward += System.nanoTime() - t1; // freeing the micro-batch's arrays included
        }
        long t2 = System.nanoTime();
        // Clipping's scale is applied inside the optimizer's pass over each gradient.
        GradientClipping.Norm clip = GradientClipping.measure(parameters, maxGradNorm);
        if (!Double.isFinite(loss) || !Double.isFinite(clip.norm())) {
            optimizer.releaseGradients();
            throw new TrainingDivergedException(stepNumber, loss, clip.norm());
        }
        optimizer.step(learningRate, clip.scale());
        long update = System.nanoTime() - t2;
        return new Result(loss, clip.norm(), BatchOutcome.concat(outcomes), forward / 1e9, backward / 1e9,
                update / 1e9);
    }

    /**
     * The objective on {@code batch} under the current weights: no gradients, no
     * update; in bf16 when the step is (as Hugging Face evaluates under autocast).
     */
    public double lossWithoutUpdate(PreferenceBatch batch) {
        try (GradMode.Scope noGrad = GradMode.set(false); MixedPrecision.Scope precision = MixedPrecision.of(bf16);
             NDManager step = model.manager().newSubManager()) {
            return objective.compute(model, batch, step, objective.sizeOf(batch)).objective().getFloat();
        }
    }

    /** The objective this step minimises. */
    public TrainingObjective objective() {
        return objective;
    }

    /** The optimizer's state (moments and step counts) as tensors, for a checkpoint. */
    public Map<String, FloatTensor> optimizerState() {
        return optimizer.stateTensors();
    }

    /** Restores optimizer state written by {@link #optimizerState()}. */
    public void loadOptimizerState(Map<String, FloatTensor> state) {
        optimizer.loadState(state);
    }

    /** Native arrays held by the optimizer (for leak tests). */
    public int liveArrayCount() {
        return optimizer.liveArrayCount();
    }

    /** Frees the optimizer state, unless it is shared from another step. Idempotent. */
    @Override
    public void close() {
        if (ownsOptimizer) {
            optimizer.close();
        }
    }
}
