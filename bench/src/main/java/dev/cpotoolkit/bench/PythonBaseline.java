package dev.cpotoolkit.bench;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.cpotoolkit.tokenize.PreferenceBatch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The same CPO step in Python PyTorch eager mode, in a child process that
 * stays alive so the benchmark can alternate toolkit and PyTorch rounds
 * (A/B/A/B) in one run. The child runs {@code cpo_step.py} (a resource of this
 * package, written to the work folder) on the model folder and batch this
 * class is given; it talks one JSON object per line.
 */
public final class PythonBaseline implements AutoCloseable {

    /** Debian's interpreter, which sees {@code python3-torch} (a pyenv python3 first on PATH may not). */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    private static final Gson GSON = new Gson();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final String torchVersion;

    /** One round of steps in the child. */
    public record Round(List<StepTiming> steps, long peakRssKib, long rssKib) {}

    private PythonBaseline(Process process, String torchVersion) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.torchVersion = torchVersion;
    }

    /**
     * Whether {@code python} can import torch.
     *
     * @param python the interpreter
     */
    public static boolean available(String python) {
        try {
            Process probe = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts the child on a saved model folder and a batch.
     *
     * @param python   the interpreter
     * @param work     a folder for the script and the batch file
     * @param modelDir a folder with {@code config.json} and an F32 {@code model.safetensors}
     * @param batch    the plain 2B-row batch
     * @param settings loss and optimizer settings: beta, cpo_alpha, learning_rate, weight_decay, max_grad_norm
     * @param threads  intra-op threads for torch
     * @param keepTunables true to pass this process's {@code GLIBC_TUNABLES} on; false to run PyTorch
     *                 in its default environment
     */
    public static PythonBaseline start(String python, Path work, Path modelDir, PreferenceBatch batch,
                                       Map<String, Double> settings, int threads, boolean keepTunables) {
        try {
            Files.createDirectories(work);
            Path script = work.resolve("cpo_step.py");
            try (InputStream resource = PythonBaseline.class.getResourceAsStream("cpo_step.py")) {
                if (resource == null) {
                    throw new IllegalStateException("cpo_step.py is missing from the toolkit jar");
                }
                Files.copy(resource, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path batchFile = work.resolve("batch.json");
            JsonObject batchJson = new JsonObject();
            batchJson.add("input_ids", GSON.toJsonTree(batch.inputIds()));
            batchJson.add("attention_mask", GSON.toJsonTree(batch.attentionMask()));
            batchJson.add("labels", GSON.toJsonTree(batch.labels()));
            Files.writeString(batchFile, GSON.toJson(batchJson));

            ProcessBuilder builder = new ProcessBuilder(python, script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            if (!keepTunables) {
                // PyTorch as a user runs it: without the allocator tunables the ./cpo launcher sets.
                builder.environment().remove("GLIBC_TUNABLES");
            }
            Process process = builder.start();
            JsonObject spec = new JsonObject();
            spec.addProperty("model_dir", modelDir.toString());
            spec.addProperty("batch_file", batchFile.toString());
            spec.addProperty("threads", threads);
            settings.forEach(spec::addProperty);
            PythonBaseline child = new PythonBaseline(process, null);
            JsonObject ready = child.send(spec);
            return new PythonBaseline(process, ready.get("torch").getAsString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the PyTorch baseline with " + python, e);
        }
    }

    /** The child's torch version. */
    public String torchVersion() {
        return torchVersion;
    }

    /** Runs {@code count} float32 steps in the child. */
    public Round steps(int count) {
        return steps(count, false);
    }

    /**
     * Runs {@code count} steps in the child; with {@code autocast} their forward
     * and loss run under {@code torch.autocast("cpu", dtype=torch.bfloat16)}.
     */
    public Round steps(int count, boolean autocast) {
        JsonObject command = new JsonObject();
        command.addProperty("cmd", "steps");
        command.addProperty("count", count);
        command.addProperty("autocast", autocast);
        JsonObject reply = send(command);
        List<StepTiming> steps = new ArrayList<>();
        JsonArray list = reply.getAsJsonArray("steps");
        for (JsonElement element : list) {
            JsonObject s = element.getAsJsonObject();
            steps.add(new StepTiming(s.get("loss").getAsDouble(), s.get("forward").getAsDouble(),
                    s.get("backward").getAsDouble(), s.get("optimizer").getAsDouble()));
        }
        return new Round(steps, reply.get("peak_rss_kib").getAsLong(), reply.get("rss_kib").getAsLong());
    }

    /**
     * Frees the child's loading buffers and restarts its peak-memory mark, so
     * the peak it reports covers the training steps only.
     */
    public void resetPeak() {
        JsonObject command = new JsonObject();
        command.addProperty("cmd", "reset_peak");
        send(command);
    }

    /** The child's float32 {@code n x n} matmul rate in FLOP/s. */
    public double matmulRate(int n, int repeats) {
        return matmulRate(n, repeats, false);
    }

    /** The child's {@code n x n} matmul rate in FLOP/s, bfloat16 operands when {@code bf16}. */
    public double matmulRate(int n, int repeats, boolean bf16) {
        JsonObject command = new JsonObject();
        command.addProperty("bf16", bf16);
        command.addProperty("cmd", "matmul");
        command.addProperty("n", n);
        command.addProperty("repeats", repeats);
        return send(command).get("flops_per_s").getAsDouble();
    }

    private JsonObject send(JsonObject command) {
        try {
            in.write(GSON.toJson(command));
            in.write('\n');
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the PyTorch baseline exited (see its error output above)");
            }
            return GSON.fromJson(line, JsonObject.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the PyTorch baseline stopped answering", e);
        }
    }

    @Override
    public void close() {
        try {
            JsonObject quit = new JsonObject();
            quit.addProperty("cmd", "quit");
            in.write(GSON.toJson(quit));
            in.write('\n');
            in.flush();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
