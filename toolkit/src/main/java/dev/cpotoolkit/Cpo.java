package dev.cpotoolkit;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.inspect.TokenLogProbs;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.model.generate.GenerationConfig;
import dev.cpotoolkit.model.generate.Generator;
import dev.cpotoolkit.notebook.Notebook;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.CPOTrainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The notebook's front door: short static helpers so tutorial cells read like
 * sentences. Everything here is a thin shortcut to the toolkit's own classes,
 * which remain the API for anything more.
 *
 * <pre>{@code
 * PreferenceDataset data = Cpo.seedChat();
 * Path folder = Cpo.tinyModel(Path.of("models/tiny"), 7);
 * CausalLM model = CausalLM.load(folder);
 * PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder);
 * Cpo.generate(model, tokenizer, "hello", 20);
 * }</pre>
 *
 * <p>Loading this class also registers the toolkit's renderers with the
 * notebook kernel, if one runs, so tables show as HTML and charts as images.
 */
public final class Cpo {

    static {
        Notebook.setUp();
    }

    private Cpo() {}

    /**
     * Prepares the notebook (renderers, offline PyTorch engine) and says what runs.
     *
     * @return e.g. {@code "CPO Toolkit 0.1.0 on PyTorch 2.7.1 on cpu()"}
     */
    public static String setUp() {
        TorchRuntime.ensureConfigured();
        String version = Cpo.class.getPackage().getImplementationVersion();
        return "CPO Toolkit " + (version == null ? "(classes)" : version) + " on " + TorchRuntime.describe();
    }

    /** The bundled seed-chat dataset: the seven preference pairs of TRL's CPO documentation. */
    public static PreferenceDataset seedChat() {
        try (InputStream in = Cpo.class.getResourceAsStream("/datasets/seed-chat/train.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("the bundled seed-chat dataset is missing; rebuild the toolkit");
            }
            Path file = Files.createTempDirectory("seed-chat").resolve("train.jsonl");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            file.getParent().toFile().deleteOnExit();
            PreferenceDataset loaded = PreferenceDataset.load(file);
            // Rebuilt from its examples so the table is not named after a temporary file.
            return PreferenceDataset.fromExamples(java.util.stream.IntStream.range(0, loaded.size())
                    .mapToObj(loaded::get).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled seed-chat dataset", e);
        }
    }

    /**
     * Writes the {@code tiny} preset (a seeded Llama-style model of about 0.8 M
     * parameters over a byte-level tokenizer) as a Hugging Face model folder.
     *
     * @return {@code folder}, for {@link CausalLM#load} and {@link PreferenceTokenizer#load}
     */
    public static Path tinyModel(Path folder, long seed) {
        return ModelPresets.writeTinyFolder(folder, seed);
    }

    /** Shows {@code value} in the notebook now (a table as HTML, a chart as an image); returns its display id. */
    public static String show(Object value) {
        return Notebook.display(value);
    }

    /** The greedy continuation of {@code prompt}, up to {@code maxNewTokens} tokens, stopping at EOS. */
    public static String generate(CausalLM model, PreferenceTokenizer tokenizer, String prompt, int maxNewTokens) {
        return Generator.generateText(model, tokenizer, List.of(prompt),
                GenerationConfig.greedy(maxNewTokens, List.of())).get(0).completion();
    }

    /** The per-token log-probs of example {@code index} of {@code dataset} under the trainer's model. */
    public static TokenLogProbs tokenLogProbs(CPOTrainer trainer, PreferenceTokenizer tokenizer,
                                              PreferenceDataset dataset, int index) {
        return TokenLogProbs.of(trainer.model(), tokenizer, trainer.config(), dataset.get(index));
    }
}
