package dev.cpotoolkit.train.optim;

import dev.cpotoolkit.train.LrSchedulerType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Values worked out by hand from Hugging Face's formulas. */
class LearningRateScheduleTest {

    private static final double EXACT = 1e-15;

    private static LearningRateSchedule unit(LrSchedulerType type, int warmup, int total) {
        return LearningRateSchedule.of(type, 1.0, warmup, total);
    }

    @Test
    void linearWarmsUpThenDecaysToZero() {
        LearningRateSchedule s = unit(LrSchedulerType.LINEAR, 2, 10);
        assertEquals(0.0, s.at(0), EXACT);
        assertEquals(0.5, s.at(1), EXACT);
        assertEquals(1.0, s.at(2), EXACT);   // (10 - 2) / 8
        assertEquals(0.5, s.at(6), EXACT);   // 4 / 8
        assertEquals(0.125, s.at(9), EXACT); // 1 / 8
        assertEquals(0.0, s.at(10), EXACT);
        assertEquals(0.0, s.at(12), EXACT);
        // Without warm-up the first update uses the peak rate.
        assertEquals(1.0, unit(LrSchedulerType.LINEAR, 0, 4).at(0), EXACT);
        assertEquals(0.75, unit(LrSchedulerType.LINEAR, 0, 4).at(1), EXACT);
    }

    @Test
    void cosineFollowsHalfACycle() {
        LearningRateSchedule s = unit(LrSchedulerType.COSINE, 2, 10);
        assertEquals(0.5, s.at(1), EXACT);
        assertEquals(1.0, s.at(2), EXACT);
        assertEquals(0.5 * (1 + Math.sqrt(0.5)), s.at(4), 1e-12); // progress 1/4: cos(pi/4)
        assertEquals(0.5, s.at(6), 1e-12);                        // progress 1/2
        assertEquals(0.5 * (1 - Math.sqrt(0.5)), s.at(8), 1e-12); // progress 3/4
        assertEquals(0.0, s.at(10), 1e-12);
        // Past the end the half cycle continues upwards, as in Hugging Face.
        assertEquals(0.5 * (1 - Math.sqrt(0.5)), s.at(12), 1e-12);
    }

    @Test
    void constantIgnoresWarmup() {
        LearningRateSchedule s = unit(LrSchedulerType.CONSTANT, 5, 10);
        assertEquals(1.0, s.at(0), EXACT);
        assertEquals(1.0, s.at(3), EXACT);
        assertEquals(1.0, s.at(100), EXACT);
    }

    @Test
    void constantWithWarmup() {
        LearningRateSchedule s = unit(LrSchedulerType.CONSTANT_WITH_WARMUP, 4, 10);
        assertEquals(0.0, s.at(0), EXACT);
        assertEquals(0.25, s.at(1), EXACT);
        assertEquals(0.75, s.at(3), EXACT);
        assertEquals(1.0, s.at(4), EXACT);
        assertEquals(1.0, s.at(1000), EXACT);
    }

    @Test
    void inverseSqrtUsesWarmupAsTimescale() {
        LearningRateSchedule s = unit(LrSchedulerType.INVERSE_SQRT, 4, 100);
        assertEquals(0.5, s.at(2), EXACT);
        assertEquals(1.0, s.at(4), EXACT);      // 1 / sqrt(4 / 4)
        assertEquals(0.5, s.at(16), EXACT);     // 1 / sqrt(16 / 4)
        assertEquals(1 / Math.sqrt(2), s.at(8), 1e-15);
        // No warm-up: timescale 10 000, shift 10 000.
        LearningRateSchedule noWarmup = unit(LrSchedulerType.INVERSE_SQRT, 0, 100);
        assertEquals(1.0, noWarmup.at(0), EXACT);
        assertEquals(0.5, noWarmup.at(30_000), EXACT); // 1 / sqrt(40 000 / 10 000)
    }

    @Test
    void scalesThePeakRate() {
        LearningRateSchedule s = LearningRateSchedule.of(LrSchedulerType.LINEAR, 5e-4, 2, 10);
        assertEquals(2.5e-4, s.at(1), 1e-18);
        assertEquals(2.5e-4, s.at(6), 1e-18);
        assertEquals(0.5, s.factor(6), EXACT);
    }

    @Test
    void warmupStepsFollowHuggingFace() {
        assertEquals(5, LearningRateSchedule.warmupSteps(5, 0.5, 100));
        assertEquals(10, LearningRateSchedule.warmupSteps(0, 0.1, 100));
        assertEquals(2, LearningRateSchedule.warmupSteps(0, 0.15, 10)); // ceil(1.5)
        assertEquals(8, LearningRateSchedule.warmupSteps(0, 0.07, 100)); // 7.000000000000001 in double, as in Python
        assertEquals(0, LearningRateSchedule.warmupSteps(0, 0.0, 100));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupSteps(0, 1.5, 10));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.of(LrSchedulerType.LINEAR, -1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.of(LrSchedulerType.LINEAR, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> unit(LrSchedulerType.LINEAR, 0, 1).at(-1));
    }
}
