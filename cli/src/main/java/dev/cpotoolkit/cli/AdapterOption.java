package dev.cpotoolkit.cli;

import dev.cpotoolkit.hub.HubException;
import dev.cpotoolkit.model.hub.HubDownloader;
import dev.cpotoolkit.model.lora.AdapterConfigFile;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --adapter DIR} flag that {@code train}, {@code evaluate},
 * {@code generate} and {@code merge} share: a PEFT LoRA adapter folder
 * ({@code adapter_config.json}, {@code adapter_model.safetensors}) put onto
 * the base model named by {@code --model}, or, without {@code --model}, onto
 * the base its {@code adapter_config.json} records as
 * {@code base_model_name_or_path} (as PEFT's {@code AutoPeftModelForCausalLM}
 * finds it).
 */
final class AdapterOption {

    /** The help text of {@code --adapter} in the commands that only use an adapter. */
    static final String HELP = "PEFT LoRA adapter folder (adapter_config.json, adapter_model.safetensors), such as"
            + " the final/ of a --use-peft run, or a Hugging Face repo id holding one, applied to --model. Without"
            + " --model: the base model its adapter_config.json names (base_model_name_or_path).";

    private AdapterOption() {}

    /**
     * The local folder {@code --adapter} names: the folder itself, or for a
     * value that names none and reads as {@code owner/name}, the Hub
     * repository's adapter files, downloaded into (or found in) the Hugging
     * Face cache as models are ({@code HF_ENDPOINT}, {@code HF_HUB_CACHE},
     * {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}).
     */
    static Path resolve(CommandLine commandLine, Path adapter) {
        if (adapter == null || Files.exists(adapter) || ModelSource.whyNotHubId(adapter.toString()) != null) {
            return adapter; // a missing local folder is reported by read()
        }
        try {
            return HubDownloader.fromEnvironment().resolveAdapter(adapter.toString());
        } catch (HubException e) {
            throw new ParameterException(commandLine, "--adapter " + adapter + ": " + e.getMessage()
                    + "; read as a local path instead, no such folder", e);
        }
    }

    /**
     * The adapter folder's config, read before any model is loaded so that a
     * wrong folder costs a second: a missing folder is reported against the
     * flag, anything wrong inside it names the file and key (a
     * {@link dev.cpotoolkit.model.checkpoint.CheckpointException}, which the
     * CLI reports as an input error).
     */
    static AdapterConfigFile.Contents read(CommandLine commandLine, Path adapter) {
        if (!Files.exists(adapter)) {
            throw new ParameterException(commandLine, "--adapter: no such folder: " + adapter);
        }
        if (!Files.isDirectory(adapter)) {
            throw new ParameterException(commandLine, "--adapter " + adapter + " is a file; name the adapter folder"
                    + " that holds " + AdapterConfigFile.FILE_NAME);
        }
        return AdapterConfigFile.read(adapter);
    }

    /**
     * What {@code --model} names: the flag's value when given, else the base
     * model the adapter records.
     * The adapter's config is read (and so checked) either way.
     *
     * @param model   the {@code --model} value, or null when it was not given
     * @param adapter the {@code --adapter} folder, or null
     * @throws ParameterException when neither names a model
     */
    static String baseModel(CommandLine commandLine, String model, Path adapter) {
        if (adapter == null) {
            if (model == null) {
                throw new ParameterException(commandLine, "Missing required option: '--model'");
            }
            return model;
        }
        String recorded = read(commandLine, adapter).baseModelNameOrPath();
        if (model != null) {
            return model;
        }
        Path file = adapter.resolve(AdapterConfigFile.FILE_NAME);
        if (recorded == null || recorded.isBlank()) {
            throw new ParameterException(commandLine, "--model is needed: " + file
                    + " does not record the base model (base_model_name_or_path)");
        }
        return recorded;
    }

    /**
     * The local model folder for {@code --model} and {@code --adapter}: the
     * flag's folder or Hub id, else the base the adapter records, where a value
     * that names nothing is reported with the file it came from, so that the
     * user knows to give {@code --model}. A base taken from the adapter is
     * named in a note on standard error.
     */
    static Path baseFolder(CommandLine commandLine, String model, Path adapter) {
        String base = baseModel(commandLine, model, adapter);
        if (model != null) {
            return ModelSource.existing(base);
        }
        Path file = adapter.resolve(AdapterConfigFile.FILE_NAME);
        Path folder;
        try {
            folder = ModelSource.existing(base);
        } catch (IllegalArgumentException | HubException e) {
            throw new ParameterException(commandLine, "base_model_name_or_path in " + file + ": " + e.getMessage()
                    + "; give the base model with --model", e);
        }
        // Said only once it resolved, so that a failure above stays the one line an error is.
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": note: base model " + base
                + ", from base_model_name_or_path in " + file + " (--model overrides it)");
        commandLine.getErr().flush();
        return folder;
    }
}
