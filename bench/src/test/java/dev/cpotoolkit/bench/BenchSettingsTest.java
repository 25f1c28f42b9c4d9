package dev.cpotoolkit.bench;

import dev.cpotoolkit.train.CPOConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which benchmarked steps recompute their layers, and what the table says about the run's settings. */
class BenchSettingsTest {

    private static BenchSettings settings(boolean gradientCheckpointing) {
        CPOConfig training = BenchSettings.defaults().gradientCheckpointing(gradientCheckpointing).build();
        return new BenchSettings("tiny", 0, 1, 4, 4, 1, 0, 1, List.of("plain"), null, 2, 1, false, training);
    }

    @ParameterizedTest
    @CsvSource({
            "plain, false, false",
            "prefix, false, false",
            "checkpointed, false, true",
            "prefix-checkpointed, false, true",
            "plain, true, true",
            "prefix, true, true"})
    void theFlagCheckpointsEveryVariant(String variant, boolean flag, boolean expected) {
        assertEquals(expected, settings(flag).checkpointed(variant));
        assertEquals(flag ? "gradient_checkpointing=true" : "", BenchReport.changedSettings(settings(flag)));
    }
}
