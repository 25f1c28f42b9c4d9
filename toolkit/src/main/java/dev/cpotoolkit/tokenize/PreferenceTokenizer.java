package dev.cpotoolkit.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import dev.cpotoolkit.runtime.TorchRuntime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer ({@code tokenizer.json} + {@code tokenizer_config.json}) as the CPO
 * pipeline needs it: plain text in, token ids out, with <em>no</em> hidden processing.
 *
 * <p>DJL's {@link HuggingFaceTokenizer} truncates to 512 tokens, pads, and adds the
 * post-processor's special tokens by default. All three are turned off here, because TRL's
 * {@code tokenize_row} rules (see {@link RowTokenizer}) add BOS/EOS and truncate themselves;
 * doing it twice would silently change the ids.
 *
 * <p>Holds native memory: close it (try-with-resources) when done.
 *
 * <pre>{@code
 * try (PreferenceTokenizer tok = PreferenceTokenizer.load(Path.of("models/tiny-gpt2"))) {
 *     int[] ids = tok.encode("what is the capital of france?");
 * }
 * }</pre>
 */
public final class PreferenceTokenizer implements AutoCloseable {

    /** The file name of a Hugging Face fast-tokenizer definition. */
    public static final String TOKENIZER_FILE_NAME = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final HfTokenizerConfig config;
    private final VocabularyIndex vocabulary;
    private final Path source;
    private final OptionalInt bos;
    private final OptionalInt eos;
    private final OptionalInt pad;
    private final OptionalInt unk;

    private PreferenceTokenizer(HuggingFaceTokenizer tokenizer, HfTokenizerConfig config,
            VocabularyIndex vocabulary, Path source) {
        this.tokenizer = tokenizer;
        this.config = config;
        this.vocabulary = vocabulary;
        this.source = source;
        this.bos = resolve(config.bosToken());
        this.eos = resolve(config.eosToken());
        this.pad = resolve(config.padToken());
        this.unk = resolve(config.unkToken());
    }

    /**
     * Loads a tokenizer from a model folder holding {@code tokenizer.json} and, optionally,
     * {@code tokenizer_config.json}; a path to a {@code tokenizer.json} file also works (its
     * folder is searched for the config).
     *
     * @param path a model folder or a {@code tokenizer.json} file
     * @return the tokenizer; close it when done
     * @throws TokenizationException naming the path when {@code tokenizer.json} is missing or
     *                               either file is malformed
     */
    public static PreferenceTokenizer load(Path path) {
        Path json = Files.isDirectory(path) ? path.resolve(TOKENIZER_FILE_NAME) : path;
        Path dir = json.toAbsolutePath().getParent();
        HfTokenizerConfig config = dir == null ? HfTokenizerConfig.empty()
                : HfTokenizerConfig.readFromDirectory(dir);
        return load(json, config);
    }

    /**
     * Loads {@code tokenizer.json} with an explicitly given config (for tests, or a config
     * assembled in a notebook).
     *
     * @param tokenizerJson the {@code tokenizer.json} file
     * @param config        the special tokens and template to use
     * @return the tokenizer; close it when done
     * @throws TokenizationException naming the path when the file is missing or malformed
     */
    public static PreferenceTokenizer load(Path tokenizerJson, HfTokenizerConfig config) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new TokenizationException("No " + TOKENIZER_FILE_NAME + " at "
                    + tokenizerJson.toAbsolutePath()
                    + " (expected a Hugging Face model folder with a fast-tokenizer file)");
        }
        String text;
        try {
            text = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizationException("Cannot read " + tokenizerJson.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        String origin = tokenizerJson.toAbsolutePath().toString();
        VocabularyIndex vocabulary = VocabularyIndex.parse(text, origin);
        TorchRuntime.ensureConfigured();
        // String values because DJL reads its options map as strings.
        Map<String, String> options = Map.of(
                "truncation", "false",
                "padding", "false",
                "addSpecialTokens", "false");
        HuggingFaceTokenizer djl;
        try {
            djl = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), options);
        } catch (IOException | RuntimeException e) {
            throw new TokenizationException("Cannot load tokenizer " + origin + ": "
                    + e.getMessage(), e);
        }
        return new PreferenceTokenizer(djl, config, vocabulary, tokenizerJson.toAbsolutePath());
    }

    private OptionalInt resolve(Optional<String> token) {
        return token.map(vocabulary::idOf).orElse(OptionalInt.empty());
    }

    /**
     * Tokenizes text without special tokens, truncation or padding (TRL's
     * {@code add_special_tokens=False}). Special-token strings written in the text itself, such
     * as a literal {@code "<s>"}, are still matched, exactly as in {@code transformers}.
     *
     * @param text any text, may be empty
     * @return the token ids
     */
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /**
     * Turns ids back into text, special tokens included (what the model really sees).
     *
     * @param ids token ids
     * @return the text
     */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * Turns ids back into text.
     *
     * @param ids               token ids
     * @param skipSpecialTokens drop special tokens such as BOS/EOS/pad from the text
     * @return the text
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, skipSpecialTokens);
    }

    /**
     * The id of an exact token string (added tokens first, then the model vocabulary), like
     * {@code convert_tokens_to_ids}; absent when the vocabulary lacks it.
     *
     * @param token a token string such as {@code "</s>"}
     * @return its id, if any
     */
    public OptionalInt tokenId(String token) {
        return vocabulary.idOf(token);
    }

    /** The BOS id, absent when the config names no BOS token or the vocabulary lacks it. */
    public OptionalInt bosTokenId() {
        return bos;
    }

    /** The EOS id, absent when the config names no EOS token or the vocabulary lacks it. */
    public OptionalInt eosTokenId() {
        return eos;
    }

    /** The pad id, absent when the config names no pad token (common for causal LMs). */
    public OptionalInt padTokenId() {
        return pad;
    }

    /** The unknown-token id, if any. */
    public OptionalInt unkTokenId() {
        return unk;
    }

    /** Whether a BOS id is known (TRL then prepends it to every prompt). */
    public boolean hasBos() {
        return bos.isPresent();
    }

    /** Whether an EOS id is known (TRL then appends it to every answer). */
    public boolean hasEos() {
        return eos.isPresent();
    }

    /**
     * The id that fills padded input positions: the pad id, else EOS (TRL's
     * {@code padding_value} default). Padded positions are masked out, so the value only has to
     * be a valid embedding row.
     *
     * @return the padding id
     * @throws TokenizationException if the tokenizer has neither a pad nor an EOS token
     */
    public int paddingValue() {
        if (pad.isPresent()) {
            return pad.getAsInt();
        }
        if (eos.isPresent()) {
            return eos.getAsInt();
        }
        throw new TokenizationException("Tokenizer " + source
                + " has neither a pad nor an EOS token: set a padding value explicitly");
    }

    /**
     * One more than the largest token id of {@code tokenizer.json} (model vocabulary plus added
     * tokens), i.e. {@code len(tokenizer)} for contiguous ids. A model's {@code vocab_size} may be
     * larger.
     */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** The parsed {@code tokenizer_config.json} (empty when the folder had none). */
    public HfTokenizerConfig config() {
        return config;
    }

    /**
     * This tokenizer's chat template, for rendering conversational datasets
     * ({@code PreferenceDataset.loader().chatTemplate(tokenizer.chatTemplate())}).
     *
     * @return the default template
     * @throws dev.cpotoolkit.data.chat.ChatTemplateException when the tokenizer has none (see
     *         {@link HfTokenizerConfig#chatTemplateOrPlain()})
     */
    public dev.cpotoolkit.data.chat.ChatTemplate chatTemplate() {
        return config.chatTemplate();
    }

    /** The absolute path of the {@code tokenizer.json} this tokenizer was loaded from. */
    public Path source() {
        return source;
    }

    /** Frees the native tokenizer. Idempotent. */
    @Override
    public void close() {
        tokenizer.close();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "PreferenceTokenizer[" + source + ", vocabulary " + vocabularySize() + ", bos=" + bos
                + ", eos=" + eos + ", pad=" + pad + "]";
    }
}
