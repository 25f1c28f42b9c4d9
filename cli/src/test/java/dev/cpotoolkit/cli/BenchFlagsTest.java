package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.CPOConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cpo bench} takes the training settings as {@code cpo train} declares
 * them (so LoRA and bf16 flags arrive with their settings), runs them, and says
 * in its table which ones it was given.
 */
class BenchFlagsTest {

    @Test
    void everyTrainingSettingButBenchsOwnIsABenchFlag() {
        CommandLine bench = CpoCommand.newCommandLine().getSubcommands().get("bench");
        for (String key : CPOConfig.SCHEMA.keys()) {
            if (key.equals("seed") || key.equals("output_dir")) {
                continue;
            }
            assertNotNull(bench.getCommandSpec().findOption(ConfigOptions.flag(key)), key + " is a bench flag");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--gradient-checkpointing", "--gradient-checkpointing=true"})
    void aCheckpointedRunSaysSoInItsTable(String flag) {
        Cli cli = Cli.run("bench", "--model", "tiny", "--batch-size", "1", "--prompt-len", "4", "--answer-len", "4",
                "--steps", "1", "--warmup", "0", "--rounds", "1", flag);
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("given on top of the benchmark's: gradient_checkpointing=true"), cli.out());
    }

    @Test
    void aPlainRunListsNoSettings() {
        Cli cli = Cli.run("bench", "--model", "tiny", "--batch-size", "1", "--prompt-len", "4", "--answer-len", "4",
                "--steps", "1", "--warmup", "0", "--rounds", "1");
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(!cli.out().contains("given on top of the benchmark's"), cli.out());
    }

    @Test
    void aBadValueNamesTheFlag() {
        Cli cli = Cli.run("bench", "--model", "tiny", "--gradient-checkpointing", "maybe");
        assertEquals(2, cli.exitCode());
        assertTrue(cli.err().contains("Invalid value for option '--gradient-checkpointing'"), cli.err());
    }
}
