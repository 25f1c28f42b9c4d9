package dev.cpotoolkit.data.chat;

import dev.cpotoolkit.tokenize.HfTokenizerConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test shorthand: the chat template of a tokenizer config file or model folder, read as the toolkit reads it. */
public final class TemplateFiles {

    private TemplateFiles() {}

    /** The default chat template of {@code path} (a {@code tokenizer_config.json} or its folder). */
    public static ChatTemplate of(Path path) {
        return config(path).chatTemplate();
    }

    /** The default chat template, or the plain format when there is none. */
    public static ChatTemplate orPlain(Path path) {
        return config(path).chatTemplateOrPlain();
    }

    private static HfTokenizerConfig config(Path path) {
        return HfTokenizerConfig.read(Files.isDirectory(path) ? path.resolve(HfTokenizerConfig.FILE_NAME) : path);
    }
}
