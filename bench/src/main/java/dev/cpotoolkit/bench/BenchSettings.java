package dev.cpotoolkit.bench;

import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.TrainingObjective;
import dev.cpotoolkit.train.TrainingStep;

import java.util.List;

/**
 * What {@code cpo bench} measures.
 *
 * @param model         {@code tiny}, {@code gpt2-small} or {@code gpt2-tiny} ({@link BenchModels})
 * @param vocabSize     vocabulary override, 0 for the model's own
 * @param batchSize     preference pairs per step (2B model rows in the plain layout)
 * @param promptLength  prompt tokens per pair
 * @param answerLength  chosen-answer tokens per pair (rejected: three quarters)
 * @param steps         timed steps per round and variant
 * @param warmup        untimed steps per variant before the first round
 * @param rounds        A/B rounds: each round runs every variant, then PyTorch
 * @param variants      toolkit steps to time ({@link #VARIANTS}): plain or prefix-sharing layout,
 *                      with or without gradient checkpointing
 * @param python        interpreter of the PyTorch baseline, or null for none
 * @param threads       intra-op threads for the baseline (the toolkit uses DJL's default)
 * @param seed          weights and data seed
 * @param baselineTunables true to run the baseline with this process's {@code GLIBC_TUNABLES} (the
 *                      launcher's allocator settings); false for PyTorch's default environment
 * @param training      the run's settings ({@link #defaults()} plus whatever the caller changed, e.g.
 *                      {@code gradient_checkpointing}); the variants set only {@code prefix_sharing} and,
 *                      for the checkpointed ones, {@code gradient_checkpointing} on top of it. The PyTorch
 *                      baseline always runs the constants below.
 */
public record BenchSettings(String model, int vocabSize, int batchSize, int promptLength, int answerLength,
                            int steps, int warmup, int rounds, List<String> variants, String python, int threads,
                            long seed, boolean baselineTunables, CPOConfig training) {

    /** Loss and optimizer constants shared by both sides. */
    public static final double BETA = 0.1;
    /** NLL weight. */
    public static final double CPO_ALPHA = 1.0;
    /** Constant learning rate of every step. */
    public static final double LEARNING_RATE = 1e-5;
    /** Weight decay of the decayed group (biases and norms get none). */
    public static final double WEIGHT_DECAY = 0.01;
    /** Global-norm clipping threshold (Hugging Face's default). */
    public static final double MAX_GRAD_NORM = 1.0;

    /**
     * The toolkit's step variants: {@code plain}, {@code prefix} (prefix sharing), and each with
     * gradient checkpointing ({@code checkpointed}, {@code prefix-checkpointed}), and each layout with
     * bf16 mixed precision ({@code bf16}, {@code prefix-bf16}).
     */
    public static final List<String> VARIANTS = List.of("plain", "prefix", "checkpointed", "prefix-checkpointed", "bf16",
            "prefix-bf16");

    /** The settings with the benchmark's own run ({@link #defaults()}). */
    public BenchSettings(String model, int vocabSize, int batchSize, int promptLength, int answerLength, int steps,
                         int warmup, int rounds, List<String> variants, String python, int threads, long seed,
                         boolean baselineTunables) {
        this(model, vocabSize, batchSize, promptLength, answerLength, steps, warmup, rounds, variants, python,
                threads, seed, baselineTunables, defaults().build());
    }

    /** Validates the numbers. */
    public BenchSettings {
        java.util.Objects.requireNonNull(training, "training settings");
        if (batchSize < 1 || promptLength < 1 || answerLength < 1 || steps < 1 || warmup < 0 || rounds < 1) {
            throw new IllegalArgumentException("batch size, lengths, steps and rounds must be positive");
        }
        for (String variant : variants) {
            if (!VARIANTS.contains(variant)) {
                throw new IllegalArgumentException("unknown variant '" + variant + "'; use " + VARIANTS);
            }
        }
    }

    /**
     * The benchmark's run before any flag: the constants above (the PyTorch
     * baseline's), everything else at its declared default.
     */
    public static CPOConfig.Builder defaults() {
        return CPOConfig.builder().beta(BETA).cpoAlpha(CPO_ALPHA).learningRate(LEARNING_RATE)
                .weightDecay(WEIGHT_DECAY).maxGradNorm(MAX_GRAD_NORM);
    }

    /** The settings of the benchmarked run: {@link #training()} with the variant's layout. */
    public CPOConfig runConfig(boolean prefixSharing) {
        return training.toBuilder().prefixSharing(prefixSharing).build();
    }

    /** True when a variant's step recomputes its layers: a checkpointed variant, or {@code gradient_checkpointing}. */
    public boolean checkpointed(String variant) {
        return variant.endsWith("checkpointed") || training.gradientCheckpointing();
    }

    /** Whether {@code variant} runs in bf16 mixed precision: a {@code *bf16} variant, or {@code --bf16} given. */
    public boolean bf16(String variant) {
        return variant.endsWith("bf16") || training.bf16();
    }

    /**
     * The trainer's own step ({@link TrainingStep}, the class {@code CPOTrainer}
     * runs) for the benchmarked run, with a fresh optimizer: the benchmark times
     * the real step, not a copy. Close it to free the optimizer.
     */
    public TrainingStep trainingStep(CausalLM model, boolean prefixSharing) {
        CPOConfig config = runConfig(prefixSharing);
        return TrainingStep.of(model, TrainingObjective.of(config, null, false), config);
    }

    /** Runs one step on {@code batch} (no accumulation, constant learning rate) and returns its split. */
    public static StepTiming time(TrainingStep step, PreferenceBatch batch) {
        return StepTiming.of(step.run(List.of(batch), LEARNING_RATE, 1));
    }
}
