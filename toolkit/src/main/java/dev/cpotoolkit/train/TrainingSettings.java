package dev.cpotoolkit.train;

import dev.cpotoolkit.settings.Check;
import dev.cpotoolkit.settings.Setting;
import dev.cpotoolkit.settings.Setting.Origin;

/**
 * The training loop's settings: Hugging Face's {@code TrainingArguments}, which
 * TRL's {@code CPOConfig} extends (with TRL's own defaults where it sets them),
 * plus where the run goes and on which device. Each is declared once, here;
 * {@link CPOConfig} composes these with {@link CpoSettings}.
 */
public record TrainingSettings(
        @Setting(name = "learning_rate", defaultValue = "1e-6", check = Check.NON_NEGATIVE,
                help = "Peak learning rate of AdamW.")
        double learningRate,
        @Setting(name = "per_device_train_batch_size", defaultValue = "8", check = Check.POSITIVE,
                origin = Origin.TRANSFORMERS, help = "Preference pairs per training micro-batch.")
        int perDeviceTrainBatchSize,
        @Setting(name = "per_device_eval_batch_size", defaultValue = "8", check = Check.POSITIVE,
                origin = Origin.TRANSFORMERS, help = "Preference pairs per evaluation batch.")
        int perDeviceEvalBatchSize,
        @Setting(name = "gradient_accumulation_steps", defaultValue = "1", check = Check.POSITIVE,
                origin = Origin.TRANSFORMERS, help = "Micro-batches per optimizer step.")
        int gradientAccumulationSteps,
        @Setting(name = "num_train_epochs", defaultValue = "3", check = Check.POSITIVE,
                origin = Origin.TRANSFORMERS, help = "Passes over the training set when max_steps is -1.")
        double numTrainEpochs,
        @Setting(name = "max_steps", defaultValue = "-1", check = Check.POSITIVE_OR_MINUS_ONE,
                rule = "must be positive, or -1 to use epochs",
                origin = Origin.TRANSFORMERS, help = "Optimizer steps to run, or -1 to use epochs.")
        int maxSteps,
        @Setting(name = "warmup_steps", defaultValue = "0", check = Check.NON_NEGATIVE,
                origin = Origin.TRANSFORMERS, help = "Linear warm-up steps; overrides warmup_ratio when positive.")
        int warmupSteps,
        @Setting(name = "warmup_ratio", defaultValue = "0", check = Check.UNIT_INTERVAL,
                origin = Origin.TRANSFORMERS, help = "Warm-up as a fraction of all steps.")
        double warmupRatio,
        @Setting(name = "lr_scheduler_type", defaultValue = "linear", origin = Origin.TRANSFORMERS,
                help = "Learning-rate schedule: linear, cosine, constant, constant_with_warmup or inverse_sqrt.")
        LrSchedulerType lrSchedulerType,
        @Setting(name = "weight_decay", defaultValue = "0", check = Check.NON_NEGATIVE,
                origin = Origin.TRANSFORMERS, help = "Decoupled weight decay (not on biases and norm weights).")
        double weightDecay,
        @Setting(name = "adam_beta1", defaultValue = "0.9", check = Check.UNIT_INTERVAL_OPEN,
                origin = Origin.TRANSFORMERS, help = "AdamW's first-moment decay.")
        double adamBeta1,
        @Setting(name = "adam_beta2", defaultValue = "0.999", check = Check.UNIT_INTERVAL_OPEN,
                origin = Origin.TRANSFORMERS, help = "AdamW's second-moment decay.")
        double adamBeta2,
        @Setting(name = "adam_epsilon", defaultValue = "1e-8", check = Check.POSITIVE,
                origin = Origin.TRANSFORMERS, help = "AdamW's denominator epsilon.")
        double adamEpsilon,
        @Setting(name = "max_grad_norm", defaultValue = "1.0", check = Check.NON_NEGATIVE,
                rule = "must be >= 0 (0 disables clipping)",
                origin = Origin.TRANSFORMERS, help = "Global gradient-norm clipping threshold; 0 disables.")
        double maxGradNorm,
        @Setting(name = "seed", defaultValue = "42", origin = Origin.TRANSFORMERS,
                help = "Seed for shuffling, dropout and initialisation.")
        long seed,
        @Setting(name = "logging_steps", defaultValue = "10", check = Check.POSITIVE,
                help = "Optimizer steps per logged metrics row.")
        int loggingSteps,
        @Setting(name = "eval_steps", defaultValue = "null", check = Check.POSITIVE, origin = Origin.TRANSFORMERS,
                help = "Optimizer steps between evaluations (null: logging_steps).")
        Integer evalSteps,
        @Setting(name = "save_steps", defaultValue = "500", check = Check.NON_NEGATIVE,
                rule = "must be >= 0 (0 saves only the final model)", origin = Origin.TRANSFORMERS,
                help = "Optimizer steps between checkpoints; 0 saves only the final model.")
        int saveSteps,
        @Setting(name = "save_total_limit", defaultValue = "null", check = Check.POSITIVE,
                origin = Origin.TRANSFORMERS, help = "Checkpoints kept, oldest deleted first (null: all).")
        Integer saveTotalLimit,
        @Setting(name = "output_dir", defaultValue = "null", origin = Origin.TRANSFORMERS,
                help = "Run folder (metrics.csv, charts, checkpoints, final/); null: a new runs/<time>.")
        String outputDir,
        @Setting(name = "overwrite_output_dir", defaultValue = "false", origin = Origin.TRANSFORMERS,
                help = "Start a new run in an output_dir that holds another run's checkpoints or final/,"
                        + " deleting them; without it such a folder is refused.")
        boolean overwriteOutputDir,
        @Setting(name = "device", defaultValue = "auto", origin = Origin.TOOLKIT,
                pattern = "(?i)auto|cpu|gpu|cuda|(gpu|cuda):\\d+", rule = "must be auto, cpu, gpu or gpu:N",
                help = "auto (a GPU when present), cpu, gpu or gpu:N.")
        String device,
        @Setting(name = "group_by_length", defaultValue = "false", origin = Origin.TRANSFORMERS,
                help = "Batch pairs of similar lengths together (less padding; seeded).")
        boolean groupByLength,
        // TRL turns this on by default because GPU memory is what runs out first; off here, where small
        // models on CPU have memory to spare and the recomputation costs a third more compute per step.
        @Setting(name = "gradient_checkpointing", defaultValue = "false", origin = Origin.TOOLKIT,
                help = "Keep only each decoder layer's input and recompute its activations in backward:"
                        + " less memory, about a third more compute. (TRL's default is true, for GPUs.)")
        boolean gradientCheckpointing,
        // Hugging Face's default is false as well; here it also matters because most CPUs (AVX2 without
        // AVX512-BF16 or AMX) emulate bfloat16 matmuls and run them slower than float32.
        @Setting(name = "bf16", defaultValue = "false", origin = Origin.TRANSFORMERS,
                help = "Mixed precision: linear layers, attention and the LM head multiply in bfloat16;"
                        + " weights, AdamW state, norms, softmax, log-probs and losses stay float32."
                        + " Fast with CUDA or AMX/AVX512-BF16 CPUs, slower than float32 elsewhere.")
        boolean bf16,
        @Setting(name = "report_to", defaultValue = "all", origin = Origin.TOOLKIT,
                pattern = "(?i)none|tensorboard|all", rule = "must be none, tensorboard or all",
                help = "Where logs go besides metrics.csv: tensorboard (event files under logging_dir), all (every"
                        + " integration the toolkit has: TensorBoard) or none. (transformers 4's default is all,"
                        + " transformers 5's none; the toolkit keeps all, as the files cost little.)")
        String reportTo,
        @Setting(name = "logging_dir", defaultValue = "null", origin = Origin.TRANSFORMERS,
                help = "TensorBoard's log folder; unset: the TENSORBOARD_LOGGING_DIR environment variable (transformers"
                        + " 5's way), else output_dir/runs/<date>_<host>, as transformers 4's Trainer.")
        String loggingDir) {
}
