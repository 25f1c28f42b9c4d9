package dev.cpotoolkit.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.chat.ChatTemplate;
import dev.cpotoolkit.data.chat.ChatTemplateException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
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

    /** The folder of further named templates ({@code <name>.jinja}) next to it. */
    public static final String ADDITIONAL_CHAT_TEMPLATES = "additional_chat_templates";

    /** The older file of special tokens, whose entries win over the config's when both name one. */
    public static final String SPECIAL_TOKENS_MAP_FILE_NAME = "special_tokens_map.json";

    /** transformers' SPECIAL_TOKENS_ATTRIBUTES, in its order: the special tokens a template sees. */
    private static final List<String> SPECIAL_TOKEN_NAMES = ChatTemplate.SPECIAL_TOKEN_NAMES;
    private static final String ADDITIONAL_SPECIAL_TOKENS = "additional_special_tokens";

    private static final HfTokenizerConfig EMPTY =
            new HfTokenizerConfig(Map.of(), List.of(), null, null, Map.of(), Map.of(), null);

    private final Map<String, String> specialTokens;
    private final List<String> additionalSpecialTokens;
    private final Integer modelMaxLength;
    private final String tokenizerClass;
    private final Map<String, String> chatTemplates;
    private final Map<Integer, AddedToken> addedTokensDecoder;
    private final Path file;

    private HfTokenizerConfig(Map<String, String> specialTokens, List<String> additionalSpecialTokens,
            Integer modelMaxLength, String tokenizerClass, Map<String, String> chatTemplates,
            Map<Integer, AddedToken> addedTokensDecoder, Path file) {
        this.specialTokens = specialTokens;
        this.additionalSpecialTokens = additionalSpecialTokens;
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
     * Reads one {@code tokenizer_config.json} file together with the files transformers reads beside
     * it, with transformers' precedence: {@code special_tokens_map.json} entries replace the config's
     * special tokens, and template files ({@code chat_template.jinja} as the default,
     * {@code additional_chat_templates/<name>.jinja} by name) replace the config's
     * {@code chat_template} entirely when any exists.
     *
     * @param file the JSON file
     * @return the parsed config
     * @throws TokenizationException naming the file if it is missing, unreadable or malformed
     */
    public static HfTokenizerConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TokenizationException("Tokenizer config not found: " + file.toAbsolutePath());
        }
        HfTokenizerConfig config = parse(readText(file), file);
        Path specialTokensMap = file.resolveSibling(SPECIAL_TOKENS_MAP_FILE_NAME);
        if (Files.isRegularFile(specialTokensMap)) {
            config = config.withSpecialTokensFrom(specialTokensMap);
        }
        Map<String, String> templateFiles = templateFiles(file.toAbsolutePath().getParent());
        return templateFiles.isEmpty() ? config : config.withChatTemplates(templateFiles);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizationException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The templates saved as files: "default" from chat_template.jinja, others by file name. */
    private static Map<String, String> templateFiles(Path folder) {
        Map<String, String> templates = new LinkedHashMap<>();
        if (folder == null) {
            return templates;
        }
        Path main = folder.resolve(CHAT_TEMPLATE_FILE_NAME);
        if (Files.isRegularFile(main)) {
            templates.put("default", readText(main));
        }
        Path named = folder.resolve(ADDITIONAL_CHAT_TEMPLATES);
        if (Files.isDirectory(named)) {
            try (var files = Files.list(named)) {
                for (Path template : files.sorted().toList()) {
                    String name = template.getFileName().toString();
                    if (name.endsWith(".jinja") && Files.isRegularFile(template)) {
                        templates.put(name.substring(0, name.length() - ".jinja".length()), readText(template));
                    }
                }
            } catch (IOException e) {
                throw new TokenizationException("Cannot list " + named.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        return templates;
    }

    private HfTokenizerConfig withSpecialTokensFrom(Path specialTokensMap) {
        String where = specialTokensMap.toAbsolutePath().toString();
        JsonObject map = jsonObject(readText(specialTokensMap), where);
        Map<String, String> tokens = new LinkedHashMap<>(specialTokens);
        for (String name : SPECIAL_TOKEN_NAMES) {
            if (map.has(name)) {
                String value = tokenString(map, name, where);
                if (value == null) {
                    tokens.remove(name);
                } else {
                    tokens.put(name, value);
                }
            }
        }
        List<String> additional = map.has(ADDITIONAL_SPECIAL_TOKENS)
                ? tokenList(map, ADDITIONAL_SPECIAL_TOKENS, where) : additionalSpecialTokens;
        return new HfTokenizerConfig(ordered(tokens), additional, modelMaxLength, tokenizerClass, chatTemplates,
                addedTokensDecoder, file);
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
        JsonObject obj = jsonObject(json, where);
        try {
            Map<String, String> tokens = new LinkedHashMap<>();
            for (String name : SPECIAL_TOKEN_NAMES) {
                String value = tokenString(obj, name, where);
                if (value != null) {
                    tokens.put(name, value);
                }
            }
            return new HfTokenizerConfig(
                    ordered(tokens),
                    obj.has(ADDITIONAL_SPECIAL_TOKENS) ? tokenList(obj, ADDITIONAL_SPECIAL_TOKENS, where) : List.of(),
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
        return new HfTokenizerConfig(specialTokens, additionalSpecialTokens, modelMaxLength,
                tokenizerClass, Collections.unmodifiableMap(new LinkedHashMap<>(templates)),
                addedTokensDecoder, file);
    }

    private static JsonObject jsonObject(String json, String where) {
        JsonNesting.requireShallow(json, where, "tokenizer config");
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
        return root.getAsJsonObject();
    }

    /** The tokens in transformers' attribute order, unmodifiable. */
    private static Map<String, String> ordered(Map<String, String> tokens) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : SPECIAL_TOKEN_NAMES) {
            if (tokens.containsKey(name)) {
                ordered.put(name, tokens.get(name));
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    private static List<String> tokenList(JsonObject obj, String key, String where) {
        JsonElement value = obj.get(key);
        if (value == null || value.isJsonNull()) {
            return List.of();
        }
        if (!value.isJsonArray()) {
            throw new TokenizationException("Malformed tokenizer config " + where + ": \"" + key
                    + "\" must be a list of tokens, got " + value);
        }
        List<String> tokens = new java.util.ArrayList<>();
        JsonArray array = value.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonObject holder = new JsonObject();
            holder.add(key + "[" + i + "]", array.get(i));
            String token = tokenString(holder, key + "[" + i + "]", where);
            if (token != null) {
                tokens.add(token);
            }
        }
        return List.copyOf(tokens);
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
        return Optional.ofNullable(specialTokens.get("bos_token"));
    }

    /** The end-of-sequence token string, if the config names one. */
    public Optional<String> eosToken() {
        return Optional.ofNullable(specialTokens.get("eos_token"));
    }

    /** The padding token string, if the config names one (many causal LMs have none). */
    public Optional<String> padToken() {
        return Optional.ofNullable(specialTokens.get("pad_token"));
    }

    /** The unknown-word token string, if the config names one. */
    public Optional<String> unkToken() {
        return Optional.ofNullable(specialTokens.get("unk_token"));
    }

    /**
     * The single special tokens the config names, among transformers' {@code bos_token, eos_token,
     * unk_token, sep_token, pad_token, cls_token, mask_token}, in that order ({@code
     * special_tokens_map.json} applied). {@link ChatTemplate} makes transformers'
     * {@code special_tokens_map} of these and {@link #additionalSpecialTokens()}.
     */
    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    /** {@code additional_special_tokens}, in file order (empty when none). */
    public List<String> additionalSpecialTokens() {
        return additionalSpecialTokens;
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
     * The raw Jinja text of the default chat template: {@code chat_template.jinja} when present, else
     * the {@code chat_template} string or the entry named {@code "default"} of its list form.
     */
    public Optional<String> chatTemplateSource() {
        return Optional.ofNullable(chatTemplates.get("default"));
    }

    /**
     * The tokenizer's default chat template, ready to render with this tokenizer's special tokens
     * (what {@code tokenizer.apply_chat_template} uses).
     *
     * @return the template
     * @throws ChatTemplateException naming the file when the tokenizer has no template, or several
     *                               named ones and none called {@code default} (as transformers refuses)
     */
    public ChatTemplate chatTemplate() {
        if (chatTemplates.containsKey("default")) {
            return chatTemplate("default");
        }
        String where = file == null ? "this tokenizer" : file.toAbsolutePath().toString();
        if (chatTemplates.isEmpty()) {
            throw new ChatTemplateException(where + " has no chat_template (nor a " + CHAT_TEMPLATE_FILE_NAME
                    + " beside it); use chatTemplateOrPlain() to fall back to the plain User:/Assistant: format");
        }
        throw new ChatTemplateException(where + ": the tokenizer has several chat templates and none named"
                + " \"default\"; pick one with chatTemplate(name) from " + new java.util.TreeSet<>(chatTemplates.keySet()));
    }

    /**
     * The chat template called {@code name} (see {@link #chatTemplates()}), with this tokenizer's
     * special tokens.
     *
     * @param name the template's name
     * @return the template
     * @throws ChatTemplateException when there is no template of that name, or it does not parse
     */
    public ChatTemplate chatTemplate(String name) {
        String source = chatTemplates.get(name);
        if (source == null) {
            throw new ChatTemplateException((file == null ? "this tokenizer" : file.toAbsolutePath().toString())
                    + " has no chat template named \"" + name + "\"; it has " + chatTemplates.keySet());
        }
        return ChatTemplate.of(source, specialTokens, additionalSpecialTokens);
    }

    /**
     * The default chat template, or {@link ChatTemplate#plain()} when the tokenizer has none: for
     * base models, whose conversations the toolkit still has to render somehow.
     *
     * @return the template
     */
    public ChatTemplate chatTemplateOrPlain() {
        return chatTemplates.isEmpty() ? ChatTemplate.plain() : chatTemplate();
    }

    /**
     * All chat templates by name, in file order; a single-string template is named "default". When
     * template files exist they are the whole set (as in transformers).
     */
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
        return "HfTokenizerConfig[specialTokens=" + specialTokens + ", modelMaxLength=" + modelMaxLength + ", chatTemplates="
                + chatTemplates.keySet() + ", addedTokens=" + addedTokensDecoder.size() + "]";
    }
}
