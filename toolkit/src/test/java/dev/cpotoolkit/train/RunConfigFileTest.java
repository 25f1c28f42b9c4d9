package dev.cpotoolkit.train;

import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run folder's cpo_config.json replays the run, or says why it cannot (a custom loss). */
class RunConfigFileTest {

    @Test
    void aBuiltInLossRunsConfigLoadsBackAsItWas(@TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).maxSteps(1).lossType("hinge").build();
            try (CPOTrainer trainer = fixture.trainer(config).build()) {
                trainer.train();
            }
            assertEquals(config, CPOConfig.load(dir.resolve("cpo_config.json")));
        }
    }

    @Test
    void aCustomLossIsNamedAndTheFileRefusesToPassForABuiltInRun(@TempDir Path dir) throws IOException {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            PreferenceLoss doubled = pair -> pair.logRatio().neg().mul(pair.constant(2));
            CPOConfig config = TrainerFixture.quickConfig(dir).maxSteps(1).build();
            try (CPOTrainer trainer = fixture.trainer(config).loss(doubled.named("doubled")).build()) {
                trainer.train();
            }
            Path file = dir.resolve("cpo_config.json");
            assertTrue(Files.readString(file).contains("\"custom_loss\": \"doubled\""), Files.readString(file));
            ConfigException error = assertThrows(ConfigException.class, () -> CPOConfig.load(file));
            assertTrue(error.getMessage().contains("custom loss 'doubled'")
                    && error.getMessage().contains("cannot replay"), error.getMessage());
            assertFalse(Files.readString(dir.resolve("final/config.json")).contains("custom_loss"));
        }
    }
}
