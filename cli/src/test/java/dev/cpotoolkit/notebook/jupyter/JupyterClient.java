package dev.cpotoolkit.notebook.jupyter;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a kernel as a notebook frontend does, through {@code jupyter_client} (the library
 * under nbconvert and JupyterLab): sends cells one by one and can press the stop button while one
 * runs. For what nbconvert cannot do, such as interrupting a cell.
 */
public final class JupyterClient {

    private static final Path SCRIPT = Path.of("target", "test-classes", "jupyter", "run_cells.py").toAbsolutePath();

    private final Path jupyterPath;

    /** @param jupyterPath a folder holding the kernelspec {@code java} (see {@link TestKernel#install}) */
    public JupyterClient(Path jupyterPath) {
        this.jupyterPath = jupyterPath;
    }

    /**
     * A cell to send.
     *
     * @param code           its source
     * @param interruptAfter seconds after sending it to interrupt the kernel, or null
     */
    public record Cell(String code, Double interruptAfter) {
        /** A cell that runs to its end. */
        public static Cell of(String code) {
            return new Cell(code, null);
        }
    }

    /**
     * What the kernel replied to one cell.
     *
     * @param status  {@code ok} or {@code error}
     * @param ename   the error's name, for an error
     * @param evalue  the error's message, for an error
     * @param text    the cell's streams and plain-text displays, joined
     * @param seconds from sending the cell to its reply and outputs
     */
    public record Reply(String status, String ename, String evalue, String text, double seconds) {}

    /** Starts the kernel in {@code folder}, runs {@code cells} in order, shuts it down. */
    public List<Reply> run(Path folder, List<Cell> cells, Duration cellTimeout) {
        JsonObject request = new JsonObject();
        request.addProperty("cwd", folder.toAbsolutePath().toString());
        request.addProperty("kernel", "java");
        request.addProperty("timeout", cellTimeout.toSeconds());
        JsonArray cellArray = new JsonArray();
        for (Cell cell : cells) {
            JsonObject json = new JsonObject();
            json.addProperty("code", cell.code());
            if (cell.interruptAfter() != null) {
                json.addProperty("interrupt_after", cell.interruptAfter());
            }
            cellArray.add(json);
        }
        request.add("cells", cellArray);
        try {
            Path input = Files.createTempFile("cells-", ".json");
            Path output = Files.createTempFile("replies-", ".json");
            Path log = Files.createTempFile("kernel-", ".log");
            Files.writeString(input, request.toString(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(NbConvert.python(), SCRIPT.toString())
                    .redirectInput(input.toFile()).redirectOutput(output.toFile()).redirectError(log.toFile());
            builder.environment().putAll(NbConvert.environment(jupyterPath));
            Process process = builder.start();
            long limit = cellTimeout.toSeconds() * (cells.size() + 1);
            if (!process.waitFor(limit, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("the kernel session did not end within " + limit + " s:\n"
                        + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("run_cells.py failed:\n" + Files.readString(log));
            }
            List<Reply> replies = new ArrayList<>();
            Gson gson = new Gson();
            for (JsonElement reply : JsonParser.parseString(Files.readString(output)).getAsJsonArray()) {
                replies.add(gson.fromJson(reply, Reply.class));
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
