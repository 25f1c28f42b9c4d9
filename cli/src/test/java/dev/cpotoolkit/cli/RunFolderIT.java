package dev.cpotoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run folders and signals with real {@code ./cpo} processes: a second run into
 * a folder in use fails at once naming the holder; the first Ctrl-C (SIGINT) or
 * SIGTERM stops at a step boundary, saves a checkpoint and prints the command
 * that continues, which then resumes; a second signal ends the process at once.
 */
class RunFolderIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A started long run, with its output collected in the background. */
    private record Running(Process process, StringBuilder output, CompletableFuture<Void> reader) {

        /** Waits until the run prints {@code text}, at most two minutes. */
        void awaitLine(String text) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < end) {
                synchronized (output) {
                    if (output.toString().contains(text)) {
                        return;
                    }
                }
                assertTrue(process.isAlive(), "ended before printing '" + text + "':\n" + output);
                Thread.sleep(20);
            }
            throw new AssertionError("no '" + text + "' within two minutes:\n" + output);
        }

        String finish() throws InterruptedException {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running:\n" + output);
            reader.join();
            return output.toString();
        }
    }

    private static Running start(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("cpo").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("CPO_NO_BUILD", "1");
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        return new Running(process, output, reader);
    }

    /** Pairs long enough that one step of the tiny model takes about a second. */
    private static Path slowDataset(Path dir) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 48; i++) {
            String answer = ("word" + i + " ").repeat(120);
            rows.append("{\"prompt\": \"Say it\", \"chosen\": \"").append(answer)
                    .append("\", \"rejected\": \"").append(answer.toUpperCase()).append("\"}\n");
        }
        Path file = dir.resolve("slow.jsonl");
        Files.writeString(file, rows.toString());
        return file;
    }

    private static void signal(Process process, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        assertEquals(0, kill.waitFor());
    }

    @Test
    void aSecondRunIsRefusedAndCtrlCSavesACheckpointThatResumes(@TempDir Path dir) throws Exception {
        Running first = start(dir, "train", "--max-steps", "100000", "--save-steps", "0", "--no-progress",
                "--output", "run");
        first.awaitLine("Training tiny");

        Running second = start(dir, "train", "--max-steps", "3", "--output", "run");
        String refused = second.finish();
        assertEquals(2, second.process().exitValue(), refused);
        assertTrue(refused.contains("run folder " + dir.resolve("run").toRealPath() + " is in use by another run (pid "
                + first.process().pid()), refused);

        signal(first.process(), "INT");
        String stopped = first.finish();
        assertEquals(130, first.process().exitValue(), stopped);
        assertTrue(stopped.contains("SIGINT: stopping after this step"), stopped);
        String continueLine = stopped.lines().dropWhile(l -> !l.startsWith("Continue with:")).skip(1).findFirst()
                .orElseThrow(() -> new AssertionError(stopped)).strip();
        assertTrue(continueLine.endsWith("train --max-steps 100000 --save-steps 0 --no-progress --output run"
                + " --resume-from latest"), continueLine);
        int step = Integer.parseInt(stopped.replaceAll("(?s).*Stopped by SIGINT at step (\\d+) .*", "$1"));
        assertTrue(Files.isDirectory(dir.resolve("run/checkpoint-" + step)), stopped);

        // The printed command resumes (two more steps here, not 100000).
        Running resumed = start(dir, "train", "--max-steps", Integer.toString(step + 2), "--save-steps", "0",
                "--no-progress", "--output", "run", "--resume-from", "latest");
        String output = resumed.finish();
        assertEquals(0, resumed.process().exitValue(), output);
        assertTrue(output.contains("Resumed from " + dir.resolve("run/checkpoint-" + step).toRealPath()
                + " at step " + step), output);
    }

    @Test
    void sigtermStopsCleanlyAndASecondSignalStopsAtOnce(@TempDir Path dir) throws Exception {
        Running run = start(dir, "train", "--max-steps", "100000", "--save-steps", "0", "--no-progress",
                "--output", "run");
        run.awaitLine("Training tiny");
        signal(run.process(), "TERM");
        String output = run.finish();
        assertEquals(143, run.process().exitValue(), output);
        assertTrue(output.contains("Stopped by SIGTERM at step"), output);

        // A second signal must come while the first is handled: steps of a second or more give it time, the
        // second is sent once the first is acknowledged, and a try that lost the race anyway is repeated.
        Path slow = slowDataset(dir);
        String halted = "";
        for (int attempt = 1; attempt <= 3 && !halted.contains("Second SIGINT"); attempt++) {
            Running twice = start(dir, "train", "--dataset", slow.toString(), "--per-device-train-batch-size", "48",
                    "--max-length", "512", "--max-prompt-length", "16", "--max-steps", "100000", "--save-steps",
                    "0", "--no-progress", "--overwrite-output-dir", "--output", "slow");
            twice.awaitLine("Training tiny");
            signal(twice.process(), "INT");
            twice.awaitLine("SIGINT: stopping after this step");
            signal(twice.process(), "INT");
            halted = twice.finish();
            assertEquals(130, twice.process().exitValue(), halted);
        }
        assertTrue(halted.contains("Second SIGINT: stopping now, without saving."), halted);
    }
}
