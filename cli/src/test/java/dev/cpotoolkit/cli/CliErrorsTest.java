package dev.cpotoolkit.cli;

import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Bad command lines: one line naming the problem, exit code 2, no stack trace unless --verbose. */
class CliErrorsTest {

    private static void assertUsageError(Cli result, String... mustMention) {
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        for (String text : mustMention) {
            assertTrue(result.err().contains(text), "'" + text + "' missing from: " + result.err());
        }
        assertFalse(result.err().contains("\tat "), "stack trace printed: " + result.err());
        assertEquals("", result.out());
    }

    @Test
    void badFlagValueNamesTheFlag() {
        assertUsageError(Cli.run("train", "--beta", "abc"), "cpo train:", "--beta", "abc");
    }

    @Test
    void valueBreakingARuleNamesTheFlag() {
        assertUsageError(Cli.run("train", "--max-prompt-length", "2000"), "--max-prompt-length", "max_length");
        assertUsageError(Cli.run("train", "--loss-type", "dpo"), "--loss-type", "sigmoid");
    }

    @Test
    void benchRejectsBadBaselineSettingsAndProfilePaths() {
        assertUsageError(Cli.run("bench", "--model", "gpt2-tiny", "--baseline-tunables", "fast"),
                "--baseline-tunables", "fast");
        assertUsageError(Cli.run("bench", "--model", "gpt2-tiny", "--profile", "no/such/folder/step.json"),
                "--profile", "no/such/folder");
    }

    @Test
    void unknownFlagSuggestsTheNearestOne() {
        assertUsageError(Cli.run("train", "--bta", "0.2"), "--bta", "did you mean --beta");
    }

    @Test
    void aGpuWithoutAGpuBuildOfLibtorchSaysWhatToInstall() {
        assumeTrue(TorchRuntime.engine().getGpuCount() == 0, "this machine has a usable GPU");
        String model = Fixtures.model("tiny-gpt2").toString();
        assertUsageError(Cli.run("generate", "--model", model, "--prompt", "hi", "--device", "gpu"),
                "cpo generate:", "gpu(0)", "CPU-only", "PYTORCH_FLAVOR", "pytorch-native-cu");
        assertUsageError(Cli.run("generate", "--model", model, "--prompt", "hi", "--device", "cuda:1"),
                "gpu(1)", "CPU-only");
    }

    @Test
    void aMissingModelPathIsALocalErrorNotAHubLookup() {
        // "target/no-such-model" has a Hub id's shape, but target/ is a local folder here: a path with a typo.
        assertUsageError(Cli.run("generate", "--model", "target/no-such-model", "--prompt", "hi"),
                "no such model folder", "no-such-model", "read as a path because target/ is a local folder");
        assertUsageError(Cli.run("generate", "--model", "./no/such/model", "--prompt", "hi"),
                "no such model folder");
    }

    @Test
    void unknownCommandSuggestsTheNearestOne() {
        assertUsageError(Cli.run("trian"), "trian", "did you mean train");
        assertUsageError(Cli.run("evalute", "--model", "x"), "evalute", "did you mean evaluate");
    }

    @Test
    void missingFilesAreUsageErrors() {
        assertUsageError(Cli.run("train", "--dataset", "no/such.jsonl"), "--dataset", "no/such.jsonl");
        assertUsageError(Cli.run("evaluate", "--model", "m", "--dataset", "no/such.jsonl", "--output", "x.csv"),
                "no/such.jsonl");
    }

    @Test
    void badConfigFileIsAUsageErrorNamingTheFileAndKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.yaml"), "beta: 0.1\nlearning_rat: 0.1\n");
        Cli result = Cli.run("train", "--config", file.toString(), "--output", dir.resolve("run").toString());
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("c.yaml") && result.err().contains("learning_rate"), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }

    @Test
    void verbosePrintsTheStackTrace(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.yaml"), "learning_rat: 0.1\n");
        Cli result = Cli.run("train", "--verbose", "--config", file.toString(), "--output", dir.toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("\tat "), result.err());
    }

    @Test
    void missingRequiredOptionAndNoSubcommand() {
        assertUsageError(Cli.run("generate", "--prompt", "hi"), "--model");
        Cli bare = Cli.run();
        assertEquals(2, bare.exitCode());
        assertTrue(bare.err().contains("Usage: cpo"), bare.err());
    }

    @Test
    void helpAndVersionSucceed() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("train") && help.out().contains("evaluate") && help.out().contains("generate"));
        Cli version = Cli.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("cpo (CPO Toolkit)"), version.out());
    }
}
