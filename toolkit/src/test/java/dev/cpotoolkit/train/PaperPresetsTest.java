package dev.cpotoolkit.train;

import dev.cpotoolkit.loss.LossType;
import dev.cpotoolkit.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The papers' presets and SimPO's margin stated as a ratio of beta. */
class PaperPresetsTest {

    static java.util.List<String> presets() {
        return CPOConfig.presetNames();
    }

    @Test
    void eachPresetCarriesItsPapersValues() {
        CPOConfig cpo = CPOConfig.preset("cpo").build();
        assertEquals(LossType.SIGMOID, cpo.lossType());
        assertEquals(0.1, cpo.beta());
        assertEquals(1e-4, cpo.learningRate());
        assertEquals(LrSchedulerType.INVERSE_SQRT, cpo.lrSchedulerType());
        assertEquals(256, cpo.maxPromptLength());

        CPOConfig simpo = CPOConfig.preset("simpo").build();
        assertEquals(LossType.SIMPO, simpo.lossType());
        assertEquals(0.0, simpo.cpoAlpha(), "pure SimPO has no NLL term");
        assertEquals(10.0, simpo.beta());
        assertEquals(0.3, simpo.gammaBetaRatio());
        assertEquals(3.0, simpo.simpoGamma(), 1e-12, "gamma = ratio x beta");

        CPOConfig alphapo = CPOConfig.preset("alphapo").build();
        assertEquals(LossType.ALPHAPO, alphapo.lossType());
        assertEquals(0.25, alphapo.alpha());
        assertEquals(2.5, alphapo.beta());
        assertEquals(0.1, alphapo.simpoGamma());
        assertEquals(7e-7, alphapo.learningRate());
    }

    @ParameterizedTest
    @MethodSource("presets")
    void aPresetIsAStartingPointThatNamesItsSource(String name) {
        CPOConfig.Builder builder = CPOConfig.preset(name);
        assertTrue(builder.origins().of("learning_rate").startsWith("preset " + name + " ("),
                builder.origins().of("learning_rate"));
        assertEquals(5e-4, builder.learningRate(5e-4).maxSteps(3).build().learningRate(), "later calls win");
        assertEquals("TRL's default", builder.origins().of("label_smoothing"), "untouched settings stay TRL's");
    }

    @ParameterizedTest
    @MethodSource("presets")
    void aPresetsConfigFileReadsBackEqual(String name, @TempDir Path dir) {
        CPOConfig config = CPOConfig.preset(name).build();
        Path file = dir.resolve("cpo_config.json");
        config.save(file);
        assertEquals(config, CPOConfig.load(file), "simpo_gamma and gamma_beta_ratio are both recorded and agree");
    }

    @Test
    void anUnknownPresetSuggestsTheNearest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPOConfig.preset("simp0"));
        assertTrue(e.getMessage().contains("did you mean 'simpo'?"), e.getMessage());
        assertTrue(e.getMessage().contains("cpo, simpo, alphapo"), e.getMessage());
    }

    @Test
    void theRatioFollowsBetaAsSimposPaperStatesTheMargin() {
        // The fixtures' SimPO case: beta 2.0, simpo_gamma 1.0, i.e. gamma_beta_ratio 0.5.
        CPOConfig config = CPOConfig.builder().lossType(LossType.SIMPO).beta(2.0).gammaBetaRatio(0.5).build();
        assertEquals(1.0, config.simpoGamma(), 1e-12);
        CPOConfig.Builder builder = CPOConfig.builder().gammaBetaRatio(0.5).beta(2.0);
        builder.build();
        assertEquals(2.0, builder.beta(4.0).build().simpoGamma(), 1e-12, "derived again when beta changes");
        assertTrue(builder.adjustments().get(0).startsWith("simpo_gamma = 2.0 from gamma_beta_ratio 0.5"),
                builder.adjustments().toString());
    }

    @Test
    void anAbsoluteGammaThatDisagreesWithTheRatioIsRefusedNamingBoth() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CPOConfig.builder().beta(2.0).simpoGamma(1.5).gammaBetaRatio(0.5).build());
        assertTrue(e.getMessage().contains("simpo_gamma = 1.5 disagrees with gamma_beta_ratio = 0.5 x beta = 2.0"),
                e.getMessage());
        assertTrue(e.getMessage().contains("simpo_gamma: set in code"), e.getMessage());
        assertEquals(1.0, CPOConfig.builder().beta(2.0).simpoGamma(1.0).gammaBetaRatio(0.5).build().simpoGamma(),
                "an agreeing pair is accepted");
    }
}
