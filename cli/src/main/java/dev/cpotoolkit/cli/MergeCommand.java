package dev.cpotoolkit.cli;

import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.LoraAdapter;
import dev.cpotoolkit.model.checkpoint.SafetensorsDType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code cpo merge}: folds a PEFT LoRA adapter into its base model
 * ({@code W + scaling · B A} in every adapted projection, PEFT's
 * {@code merge_and_unload}) and writes a plain Hugging Face model folder:
 * {@code config.json}, {@code model.safetensors} (float32) and the base's
 * tokenizer files. The result loads anywhere a model folder does, without the
 * adapter, with the adapted model's outputs.
 *
 * <p>An existing non-empty {@code --output} is refused unless
 * {@code --overwrite} is given; then only the files of a model folder there
 * are replaced (weights, configs, adapter and tokenizer files), anything else
 * is left alone.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge a LoRA adapter into its base model and save a plain Hugging Face model folder.",
                "The adapter is a PEFT folder (adapter_config.json, adapter_model.safetensors), such as the final/"
                        + " of a 'cpo train --use-peft' run."})
final class MergeCommand implements Callable<Integer> {

    /** What a model or adapter folder holds: replaced by {@code --overwrite}, so nothing stale stays beside. */
    private static final Pattern MODEL_FILES = Pattern.compile("config\\.json|generation_config\\.json"
            + "|model(-\\d+-of-\\d+)?\\.safetensors|model\\.safetensors\\.index\\.json|pytorch_model.*\\.bin"
            + "|adapter_config\\.json|adapter_model\\.(safetensors|bin)|tokenizer.*|special_tokens_map\\.json"
            + "|added_tokens\\.json|vocab\\.json|merges\\.txt|chat_template\\.(jinja|json)"
            + "|additional_chat_templates");

    @Option(names = "--model", paramLabel = "DIR|HUB_ID",
            description = "Base model folder or Hugging Face repo id. Default: the base the adapter's"
                    + " adapter_config.json records (base_model_name_or_path).")
    String model;

    @Option(names = "--adapter", required = true, paramLabel = "DIR|HUB_ID",
            description = "PEFT LoRA adapter folder (adapter_config.json, adapter_model.safetensors), or a Hugging"
                    + " Face repo id holding one.")
    Path adapter;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Folder to write the merged model to; created if missing.")
    Path output;

    @Option(names = {"--overwrite", "--overwrite-output-dir"},
            description = "Replace the model files of an existing non-empty --output folder.")
    boolean overwrite;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float32",
            description = "Type of the saved weights: float32, bfloat16 (half the size, as Hub checkpoints"
                    + " usually are) or float16; config.json's torch_dtype says which. Default: ${DEFAULT-VALUE}.")
    String dtype;

    // CPU by default: merging is one addition per adapted weight, and host memory is usually the larger.
    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "auto, cpu, gpu or gpu:N to merge on. Default: ${DEFAULT-VALUE}.")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        SafetensorsDType savedAs = savedType(commandLine, dtype);
        // Every check of --output before the base is found and loaded: a typo should not cost a model load.
        OutputPaths.requireWritableFolder(commandLine, output, "--output");
        requireNotInput(commandLine, adapter, "adapter");
        List<Path> present = entries(output);
        if (!present.isEmpty() && !overwrite) {
            throw new ParameterException(commandLine, "--output " + output + " is not empty ("
                    + String.join(", ", present.stream().limit(6).map(p -> p.getFileName().toString()).toList())
                    + (present.size() > 6 ? ", ... " + (present.size() - 6) + " more" : "")
                    + "); name a new folder, or give --overwrite to replace the model files there");
        }
        adapter = AdapterOption.resolve(commandLine, adapter);
        Path base = AdapterOption.baseFolder(commandLine, model, adapter);
        requireNotInput(commandLine, base, "base model");

        PrintWriter out = commandLine.getOut();
        try (CausalLM lm = CausalLM.load(base, Devices.parse(device))) {
            LoraAdapter lora = lm.loadAdapter(adapter);
            int modules = lora.adaptedModules().size();
            long trained = lora.parameterCount();
            List<String> savedInFull = lora.modulesToSave();
            lm.mergeAdapter();
            // Only now, with the merge done, is anything in --output removed.
            clearModelFiles(present);
            Files.createDirectories(output);
            // The base's tokenizer files come along: the model was loaded from its folder.
            lm.save(output, null, savedAs);
            out.printf(Locale.ROOT, "Merged the LoRA adapter %s (r=%d, lora_alpha=%s, %,d trained parameters) into"
                            + " %s: %d adapted modules folded in%s.%n", adapter, lora.config().r(),
                    Float.toString(lora.config().alpha()), trained, base, modules,
                    savedInFull.isEmpty() ? "" : ", " + savedInFull.size() + (savedInFull.size() == 1 ? " module"
                            : " modules") + " replaced by the adapter's fully trained copy (modules_to_save: "
                            + String.join(", ", savedInFull) + ")");
            out.printf(Locale.ROOT, "Wrote %s (%,d parameters):%n", output, lm.parameterCount());
            long total = 0;
            for (Path file : files(output)) {
                long size = Files.size(file);
                total += size;
                out.printf(Locale.ROOT, "  %-28s %10s%n", output.relativize(file), size(size));
            }
            out.printf(Locale.ROOT, "  %-28s %10s%n", "total", size(total));
            out.flush();
        }
        return 0;
    }

    /** {@code --dtype} by torch's name (bfloat16) or safetensors' (BF16); only the types a model folder is saved in. */
    static SafetensorsDType savedType(CommandLine commandLine, String name) {
        for (SafetensorsDType type : List.of(SafetensorsDType.F32, SafetensorsDType.BF16, SafetensorsDType.F16)) {
            if (type.torchName().equalsIgnoreCase(name) || type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new ParameterException(commandLine, "--dtype " + name + " is not a type a model is saved in; use float32,"
                + " bfloat16 or float16");
    }

    /** Refuses an {@code --output} that is one of the inputs: --overwrite would delete what is being read. */
    private void requireNotInput(CommandLine commandLine, Path input, String what) throws IOException {
        if (Files.exists(output) && Files.exists(input) && Files.isSameFile(output, input)) {
            throw new ParameterException(commandLine, "--output " + output + " is the " + what
                    + " folder itself; name a new folder");
        }
    }

    /** The folder's entries, or none when it does not exist yet. */
    private static List<Path> entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted().toList();
        }
    }

    /** Every regular file under {@code folder}, in name order. */
    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void clearModelFiles(List<Path> entries) {
        for (Path entry : entries) {
            if (MODEL_FILES.matcher(entry.getFileName().toString()).matches()) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    // Deepest first, so that a folder is empty when its turn comes.
                    for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + entry + " before writing the merged model: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** Bytes in the unit that reads best: 812 B, 4.1 KB, 497.3 MB, 2.20 GB. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
