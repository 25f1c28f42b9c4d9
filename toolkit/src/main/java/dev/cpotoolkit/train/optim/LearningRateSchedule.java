package dev.cpotoolkit.train.optim;

import dev.cpotoolkit.train.LrSchedulerType;

import java.util.Objects;

/**
 * Hugging Face's learning-rate schedules ({@code lr_scheduler_type}), computed
 * with the same formulas as {@code transformers.optimization}.
 *
 * <p>As with PyTorch's {@code LambdaLR}, {@link #at(int)} takes the number of
 * optimizer steps already taken: update number {@code k} (counting from 1)
 * uses {@code at(k - 1)}, i.e. {@code at(adamW.stepCount())}. With warm-up, the
 * first update therefore uses a rate of 0, exactly as in Hugging Face.
 *
 * <p>The rate is {@code peakLr * factor(step)} with, for {@code w} warm-up and
 * {@code T} total steps:
 * <ul>
 *   <li>warm-up (all but constant), {@code step < w}: {@code step / max(1, w)};</li>
 *   <li>linear: {@code max(0, (T - step) / max(1, T - w))};</li>
 *   <li>cosine: {@code max(0, 0.5 * (1 + cos(pi * progress)))},
 *       {@code progress = (step - w) / max(1, T - w)} (half a cycle; past {@code T}
 *       the curve rises again, as in Hugging Face);</li>
 *   <li>constant: 1 (warm-up ignored); constant_with_warmup: 1 after warm-up;</li>
 *   <li>inverse_sqrt: {@code 1 / sqrt((step + s - w) / s)} with timescale
 *       {@code s = w}, or 10 000 when {@code w = 0}.</li>
 * </ul>
 */
public final class LearningRateSchedule {

    /** Hugging Face's inverse-sqrt timescale when there is no warm-up. */
    static final int DEFAULT_TIMESCALE = 10_000;

    private final LrSchedulerType type;
    private final double peakLr;
    private final int warmupSteps;
    private final int totalSteps;

    private LearningRateSchedule(LrSchedulerType type, double peakLr, int warmupSteps, int totalSteps) {
        this.type = type;
        this.peakLr = peakLr;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /**
     * A schedule.
     *
     * @param type        the schedule's kind
     * @param peakLr      the rate after warm-up ({@code learning_rate}); finite, non-negative
     * @param warmupSteps warm-up steps, e.g. from {@link #warmupSteps(int, double, int)}; non-negative
     * @param totalSteps  optimizer steps of the run (used by linear and cosine); non-negative
     * @return the schedule
     * @throws IllegalArgumentException for a negative count or an invalid rate
     */
    public static LearningRateSchedule of(LrSchedulerType type, double peakLr, int warmupSteps, int totalSteps) {
        Objects.requireNonNull(type, "type");
        if (!(peakLr >= 0) || Double.isInfinite(peakLr)) {
            throw new IllegalArgumentException("peakLr must be finite and >= 0: " + peakLr);
        }
        if (warmupSteps < 0 || totalSteps < 0) {
            throw new IllegalArgumentException("warmupSteps and totalSteps must be >= 0: "
                    + warmupSteps + ", " + totalSteps);
        }
        return new LearningRateSchedule(type, peakLr, warmupSteps, totalSteps);
    }

    /**
     * Hugging Face's {@code get_warmup_steps}: the explicit count when positive,
     * else {@code ceil(warmupRatio * totalSteps)} (computed in double, so a
     * ratio such as 0.07 of 100 steps gives 8, as in Python).
     *
     * @param warmupSteps {@code warmup_steps}
     * @param warmupRatio {@code warmup_ratio}, in [0, 1]
     * @param totalSteps  optimizer steps of the run
     * @return the warm-up steps
     */
    public static int warmupSteps(int warmupSteps, double warmupRatio, int totalSteps) {
        if (warmupSteps > 0) {
            return warmupSteps;
        }
        if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
            throw new IllegalArgumentException("warmupRatio must be in [0, 1]: " + warmupRatio);
        }
        return (int) Math.ceil(totalSteps * warmupRatio);
    }

    /**
     * The learning rate of the update that follows {@code step} completed updates.
     *
     * @param step optimizer steps already taken, {@code >= 0}
     * @return the rate
     */
    public double at(int step) {
        return peakLr * factor(step);
    }

    /**
     * The multiplier of the peak rate at {@code step} (Hugging Face's lambda).
     *
     * @param step optimizer steps already taken, {@code >= 0}
     * @return the factor
     */
    public double factor(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0: " + step);
        }
        if (type == LrSchedulerType.CONSTANT) {
            return 1.0;
        }
        if (step < warmupSteps) {
            return (double) step / Math.max(1, warmupSteps);
        }
        return switch (type) {
            case LINEAR -> Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
            case COSINE -> {
                double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
                // Hugging Face writes cos(pi * num_cycles * 2 * progress) with num_cycles = 0.5.
                yield Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress)));
            }
            case CONSTANT_WITH_WARMUP -> 1.0;
            case INVERSE_SQRT -> {
                int timescale = warmupSteps > 0 ? warmupSteps : DEFAULT_TIMESCALE;
                int shift = timescale - warmupSteps;
                yield 1.0 / Math.sqrt((double) (step + shift) / timescale);
            }
            case CONSTANT -> 1.0;
        };
    }

    /** The schedule's kind. */
    public LrSchedulerType type() {
        return type;
    }

    /** The rate after warm-up. */
    public double peakLr() {
        return peakLr;
    }

    /** The warm-up steps. */
    public int warmupSteps() {
        return warmupSteps;
    }

    /** The total steps. */
    public int totalSteps() {
        return totalSteps;
    }

    @Override
    public String toString() {
        return type.hfName() + "(peak " + peakLr + ", warmup " + warmupSteps + ", total " + totalSteps + ")";
    }
}
