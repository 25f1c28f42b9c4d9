package dev.cpotoolkit.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What a Hugging Face {@code tokenizer_config.json} says about special tokens, length and chat
 * template. Named {@code Hf...} so it does not clash with DJL's own
 * {@code ai.djl.huggingface.tokenizers.TokenizerConfig}, which does not expose the chat template
 * or the added-token table.
 *
 * <p>Token fields hold token <em>strings</em>; {@link PreferenceTokenizer} turns them into ids with
 * the vocabulary of {@code tokenizer.json}, as {@code transformers} does. A token value in the
 * file may be a string, {@code null}, or an object whose {@code "content"} is the string
 * (the {@code AddedToken} form); all three are accepted.
 *
 * <p>Instances are immutable.
 */
public final class HfTokenizerConfig {

    /** The file name Hugging Face uses for this file. */
    public static final String FILE_NAME = "tokenizer_config.json";

    /** The separate template file newer {@code transformers} versions write next to it. */
    public static final String CHAT_TEMPLATE_FILE_NAME = "chat_template.jinja";

    private static final HfTokenizerConfig EMPTY =
            new HfTokenizerConfig(null, null, null, null, null, null, Map.of(), Map.of(), null);

    private final String bosToken;
    private final String eosToken;
    private final String padToken;
    private final String unkToken;
    private final Integer modelMaxLength;
    private final String tokenizerClass;
    private final Map<String, String> chatTemplates;
    private final Map<Integer, AddedToken> addedTokensDecoder;
    private final Path file;

    private HfTokenizerConfig(String bosToken, String eosToken, String padToken, String unkToken,
            Integer modelMaxLength, String tokenizerClass, Map<String, String> chatTemplates,
            Map<Integer, AddedToken> addedTokensDecoder, Path file) {
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.padToken = padToken;
        this.unkToken = unkToken;
        this.modelMaxLength = modelMaxLength;
        this.tokenizerClass = tokenizerClass;
        this.chatTemplates = chatTemplates;
        this.addedTokensDecoder = addedTokensDecoder;
        this.file = file;
    }

    /**
     * One entry of {@code added_tokens_decoder}: a token the tokenizer matches in raw text before
     * running its model.
     *
     * @param content    the token text, for example {@code "</s>"}
     * @param special    whether it is a special (control) token, skipped when decoding for display
     * @param lstrip     whether it swallows whitespace on its left
     * @param rstrip     whether it swallows whitespace on its right
     * @param normalized whether it is matched in normalised rather than raw text
     * @param singleWord whether it only matches as a whole word
     */
    public record AddedToken(String content, boolean special, boolean lstrip, boolean rstrip,
            boolean normalized, boolean singleWord) {}

    /** A config with no special tokens, no length and no template: what a missing file means. */
    public static HfTokenizerConfig empty() {
        return EMPTY;
    }

    /**
     * Reads {@code tokenizer_config.json} from a model folder if it is there, else returns
     * {@link #empty()} (a bare {@code tokenizer.json} is a valid tokenizer without special tokens).
     *
     * @param modelDir the model folder
     * @return the parsed config, or the empty config when the folder has no such file
     * @throws TokenizationException if the file exists but cannot be read or parsed
     */
    public static HfTokenizerConfig readFromDirectory(Path modelDir) {
        Path path = modelDir.resolve(FILE_NAME);
        return Files.isRegularFile(path) ? read(path) : empty();
    }

    /**
     * Reads one {@code tokenizer_config.json} file. If it has no {@code chat_template} and a
     * {@code chat_template.jinja} lies next to it, that file's text is the default template.
     *
     * @param file the JSON file
     * @return the parsed config
     * @throws TokenizationException naming the file if it is missing, unreadable or malformed
     */
    public static HfTokenizerConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TokenizationException("Tokenizer config not found: " + file.toAbsolutePath());
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizationException("Cannot read tokenizer config " + file.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        try {
            HfTokenizerConfig config = parse(text, file);
            Path sibling = file.resolveSibling(CHAT_TEMPLATE_FILE_NAME);
            if (config.chatTemplates.isEmpty() && Files.isRegularFile(sibling)) {
                String template = Files.readString(sibling, StandardCharsets.UTF_8);
                return config.withChatTemplates(Map.of("default", template));
            }
            return config;
        } catch (IOException e) {
            throw new TokenizationException("Cannot read " + CHAT_TEMPLATE_FILE_NAME + " next to "
                    + file.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | NumberFormatException e) {
            // Gson reports type mismatches with these; the user needs the file name most.
            throw new TokenizationException("Malformed tokenizer config " + file.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the JSON text of a tokenizer config.
     *
     * @param json   the file's text
     * @param origin where the text came from, used in error messages (may be null)
     * @return the parsed config
     * @throws TokenizationException if the text is not a JSON object of the expected shape
     */
    public static HfTokenizerConfig parse(String json, Path origin) {
        String where = origin == null ? "<text>" : origin.toAbsolutePath().toString();
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new TokenizationException("Malformed tokenizer config " + where + ": "
                    + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new TokenizationException("Malformed tokenizer config " + where
                    + ": expected a JSON object at the top level");
        }
        JsonObject obj = root.getAsJsonObject();
        try {
            return new HfTokenizerConfig(
                    tokenString(obj, "bos_token", where),
                    tokenString(obj, "eos_token", where),
                    tokenString(obj, "pad_token", where),
                    tokenString(obj, "unk_token", where),
                    modelMaxLength(obj, where),
                    optionalString(obj, "tokenizer_class"),
                    chatTemplates(obj, where),
                    addedTokens(obj, where),
                    origin);
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new TokenizationException("Malformed tokenizer config " + where + ": "
                    + e.getMessage(), e);
        }
    }

    private HfTokenizerConfig withChatTemplates(Map<String, String> templates) {
        return new HfTokenizerConfig(bosToken, eosToken, padToken, unkToken, modelMaxLength,
                tokenizerClass, Collections.unmodifiableMap(new LinkedHashMap<>(templates)),
                addedTokensDecoder, file);
    }

    private static String tokenString(JsonObject obj, String key, String where) {
        JsonElement value = obj.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        if (value.isJsonObject()) {
            JsonElement content = value.getAsJsonObject().get("content");
            if (content != null && content.isJsonPrimitive()
                    && content.getAsJsonPrimitive().isString()) {
                return content.getAsString();
            }
        }
        throw new TokenizationException("Malformed tokenizer config " + where + ": \"" + key
                + "\" must be a string, null or an object with a string \"content\", got " + value);
    }

    private static String optionalString(JsonObject obj, String key) {
        JsonElement value = obj.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static Integer modelMaxLength(JsonObject obj, String where) {
        JsonElement value = obj.get("model_max_length");
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new TokenizationException("Malformed tokenizer config " + where
                    + ": \"model_max_length\" must be a number, got " + value);
        }
        // transformers writes int(1e30) when the model sets no limit: treat that as "none".
        double length = value.getAsDouble();
        return length > 0 && length <= Integer.MAX_VALUE ? (int) length : null;
    }

    private static Map<String, String> chatTemplates(JsonObject obj, String where) {
        JsonElement value = obj.get("chat_template");
        Map<String, String> templates = new LinkedHashMap<>();
        if (value == null || value.isJsonNull()) {
            return Map.of();
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            templates.put("default", value.getAsString());
        } else if (value.isJsonArray()) {
            // The multi-template form: [{"name": "default", "template": "..."}, {"name": "tool_use", ...}]
            for (JsonElement item : (JsonArray) value) {
                if (!item.isJsonObject() || !item.getAsJsonObject().has("name")
                        || !item.getAsJsonObject().has("template")) {
                    throw new TokenizationException("Malformed tokenizer config " + where
                            + ": each \"chat_template\" list entry needs \"name\" and \"template\", got "
                            + item);
                }
                JsonObject entry = item.getAsJsonObject();
                templates.put(entry.get("name").getAsString(), entry.get("template").getAsString());
            }
        } else {
            throw new TokenizationException("Malformed tokenizer config " + where
                    + ": \"chat_template\" must be a string or a list of {name, template}, got "
                    + value);
        }
        return Collections.unmodifiableMap(templates);
    }

    private static Map<Integer, AddedToken> addedTokens(JsonObject obj, String where) {
        JsonElement value = obj.get("added_tokens_decoder");
        if (value == null || value.isJsonNull()) {
            return Map.of();
        }
        if (!value.isJsonObject()) {
            throw new TokenizationException("Malformed tokenizer config " + where
                    + ": \"added_tokens_decoder\" must be an object keyed by token id");
        }
        Map<Integer, AddedToken> tokens = new TreeMap<>();
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            int id;
            try {
                id = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new TokenizationException("Malformed tokenizer config " + where
                        + ": \"added_tokens_decoder\" key \"" + entry.getKey() + "\" is not a token id");
            }
            if (!entry.getValue().isJsonObject()) {
                throw new TokenizationException("Malformed tokenizer config " + where
                        + ": \"added_tokens_decoder\"[" + id + "] must be an object");
            }
            JsonObject token = entry.getValue().getAsJsonObject();
            tokens.put(id, new AddedToken(
                    token.get("content").getAsString(),
                    flag(token, "special"), flag(token, "lstrip"), flag(token, "rstrip"),
                    flag(token, "normalized"), flag(token, "single_word")));
        }
        return Collections.unmodifiableMap(tokens);
    }

    private static boolean flag(JsonObject obj, String key) {
        JsonElement value = obj.get(key);
        return value != null && !value.isJsonNull() && value.getAsBoolean();
    }

    /** The beginning-of-sequence token string, if the config names one. */
    public Optional<String> bosToken() {
        return Optional.ofNullable(bosToken);
    }

    /** The end-of-sequence token string, if the config names one. */
    public Optional<String> eosToken() {
        return Optional.ofNullable(eosToken);
    }

    /** The padding token string, if the config names one (many causal LMs have none). */
    public Optional<String> padToken() {
        return Optional.ofNullable(padToken);
    }

    /** The unknown-word token string, if the config names one. */
    public Optional<String> unkToken() {
        return Optional.ofNullable(unkToken);
    }

    /** {@code model_max_length}, absent when missing or set to transformers' "no limit" value. */
    public OptionalInt modelMaxLength() {
        return modelMaxLength == null ? OptionalInt.empty() : OptionalInt.of(modelMaxLength);
    }

    /** {@code tokenizer_class} as written in the file (informational), if present. */
    public Optional<String> tokenizerClass() {
        return Optional.ofNullable(tokenizerClass);
    }

    /**
     * The raw Jinja text of the default chat template: the {@code chat_template} string, the
     * entry named {@code "default"} of the list form, or {@code chat_template.jinja}. Rendering is
     * the chat-template renderer's job, not this class's.
     */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplates.get("default"));
    }

    /** All chat templates by name, in file order; a single-string template is named "default". */
    public Map<String, String> chatTemplates() {
        return chatTemplates;
    }

    /** The {@code added_tokens_decoder} table, by token id in ascending order. */
    public Map<Integer, AddedToken> addedTokensDecoder() {
        return addedTokensDecoder;
    }

    /** The file this config was read from, if it came from a file. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "HfTokenizerConfig[bos=" + bosToken + ", eos=" + eosToken + ", pad=" + padToken
                + ", unk=" + unkToken + ", modelMaxLength=" + modelMaxLength + ", chatTemplates="
                + chatTemplates.keySet() + ", addedTokens=" + addedTokensDecoder.size() + "]";
    }
}
