package dev.cpotoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every invalid setting is reported with the field, the value, where the value
 * came from and the rule, whether it came from a flag, a config file or a default.
 */
class SettingErrorsTest {

    @Test
    void anOrdinaryShortMaxLengthTrainsWithTheAdaptedPromptLength(@TempDir Path dir) {
        Cli cli = Cli.run("train", "--model", "tiny", "--dataset", "../datasets/seed-chat", "--max-length", "100",
                "--max-steps", "1", "--output", dir.resolve("run").toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.err().contains("cpo train: note: max_prompt_length = 50: half of max_length = 100 (from"
                + " --max-length)"), cli.err());
    }

    @Test
    void aValueFromAConfigFileNamesTheFileLineAndRule(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, "max_steps: 2\nbeta: .nan\n");
        Cli cli = Cli.run("train", "--config", config.toString(), "--output", dir.resolve("run").toString());
        assertEquals(2, cli.exitCode());
        assertTrue(cli.err().contains("beta = NaN: must be a positive number (beta: from " + config + " line 2)"),
                cli.err());
        assertFalse(cli.err().contains("ArgSpec"), cli.err());
    }

    @Test
    void aRuleBrokenAgainstADefaultNamesTheFlagThatChangesIt(@TempDir Path dir) {
        Cli cli = Cli.run("train", "--dataset", "../datasets/seed-chat", "--max-prompt-length", "2000",
                "--output", dir.resolve("run").toString());
        assertEquals(2, cli.exitCode());
        assertTrue(cli.err().contains("max_prompt_length = 2000: must be smaller than max_length = 1024"), cli.err());
        assertTrue(cli.err().contains("max_length: TRL's default); to change a default, give --max-length"),
                cli.err());
    }

    @Test
    void aFlagBreakingItsOwnRuleIsReportedAgainstTheFlag(@TempDir Path dir) {
        Cli cli = Cli.run("train", "--max-length", "1", "--output", dir.resolve("run").toString());
        assertEquals(2, cli.exitCode());
        assertTrue(cli.err().contains("Invalid value for option '--max-length': max_length = 1: must be at least 2"),
                cli.err());
    }

    @Test
    void theFieldLengthLimitIsAFlagAndItsErrorNamesIt(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("long.jsonl");
        Files.writeString(data, "{\"prompt\": \"Say it\", \"chosen\": \"" + "a".repeat(150)
                + "\", \"rejected\": \"no\"}\n");
        Cli refused = Cli.run("train", "--dataset", data.toString(), "--max-field-chars", "100", "--max-steps", "1",
                "--output", dir.resolve("a").toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("field 'chosen': the text is 150 characters long")
                && refused.err().contains("raise it with --max-field-chars"), refused.err());
        Cli accepted = Cli.run("train", "--dataset", data.toString(), "--max-field-chars", "200", "--max-steps", "1",
                "--no-progress", "--output", dir.resolve("b").toString());
        assertEquals(0, accepted.exitCode(), accepted.err());
    }
}
