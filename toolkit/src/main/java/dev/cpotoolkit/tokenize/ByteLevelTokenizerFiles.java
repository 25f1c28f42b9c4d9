package dev.cpotoolkit.tokenize;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a complete Hugging Face tokenizer ({@code tokenizer.json} and
 * {@code tokenizer_config.json}) whose tokens are the 256 bytes, in GPT-2's
 * byte-level format, plus three special tokens. Any UTF-8 text tokenizes with
 * no unknown token, which makes it the tokenizer of the {@code tiny} preset:
 * a model trained from scratch in a tutorial needs a tokenizer that covers
 * whatever text the learner types, more than it needs short sequences.
 *
 * <p>Ids: 0-255 the bytes (through GPT-2's byte-to-character table),
 * {@value #BOS_ID} {@code <s>}, {@value #EOS_ID} {@code </s>},
 * {@value #PAD_ID} {@code <pad>}. There are no merges, so one byte is one token.
 * A ChatML-style chat template is included for conversational datasets.
 */
public final class ByteLevelTokenizerFiles {

    /** Id of {@code <s>}. */
    public static final int BOS_ID = 256;
    /** Id of {@code </s>}. */
    public static final int EOS_ID = 257;
    /** Id of {@code <pad>}. */
    public static final int PAD_ID = 258;
    /** Number of ids. */
    public static final int VOCAB_SIZE = 259;

    private static final String CHAT_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|' + message['role'] + '|>\\n' + message['content'] + '</s>\\n' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

    private ByteLevelTokenizerFiles() {}

    /** Writes both files into {@code folder} (created if needed) and returns it. */
    public static Path write(Path folder) {
        try {
            Files.createDirectories(folder);
            var gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
            Files.writeString(folder.resolve("tokenizer.json"), gson.toJson(tokenizerJson()), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("tokenizer_config.json"), gson.toJson(configJson()),
                    StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer files into " + folder, e);
        }
    }

    /**
     * GPT-2's reversible byte-to-character table: printable Latin-1 bytes map to
     * themselves, the others to characters from U+0100 on, so every token is a
     * visible string.
     */
    static char[] byteToChar() {
        char[] table = new char[256];
        boolean[] direct = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            direct[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            direct[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            direct[b] = true;
        }
        int next = 256;
        for (int b = 0; b < 256; b++) {
            table[b] = direct[b] ? (char) b : (char) next++;
        }
        return table;
    }

    private static JsonObject tokenizerJson() {
        JsonObject vocab = new JsonObject();
        char[] table = byteToChar();
        for (int b = 0; b < 256; b++) {
            vocab.addProperty(String.valueOf(table[b]), b);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.add("continuing_subword_prefix", JsonNull.INSTANCE);
        model.add("end_of_word_suffix", JsonNull.INSTANCE);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.addProperty("ignore_merges", false);
        model.add("vocab", vocab);
        model.add("merges", new JsonArray());

        JsonArray added = new JsonArray();
        added.add(TokenizerJson.specialToken(BOS_ID, "<s>"));
        added.add(TokenizerJson.specialToken(EOS_ID, "</s>"));
        added.add(TokenizerJson.specialToken(PAD_ID, "<pad>"));
        return TokenizerJson.document(added, byteLevel(false), byteLevel(true), model);
    }

    private static JsonObject byteLevel(boolean addPrefixSpace) {
        JsonObject json = new JsonObject();
        json.addProperty("type", "ByteLevel");
        json.addProperty("add_prefix_space", addPrefixSpace);
        json.addProperty("trim_offsets", true);
        json.addProperty("use_regex", true);
        return json;
    }

    private static JsonObject configJson() {
        JsonObject json = new JsonObject();
        java.util.Map<Integer, String> specials = new java.util.LinkedHashMap<>();
        specials.put(BOS_ID, "<s>");
        specials.put(EOS_ID, "</s>");
        specials.put(PAD_ID, "<pad>");
        json.add("added_tokens_decoder", TokenizerJson.addedTokensDecoder(specials));
        json.addProperty("bos_token", "<s>");
        json.addProperty("eos_token", "</s>");
        json.addProperty("pad_token", "<pad>");
        json.addProperty("model_max_length", 512);
        json.addProperty("clean_up_tokenization_spaces", false);
        json.addProperty("chat_template", CHAT_TEMPLATE);
        json.addProperty("tokenizer_class", "PreTrainedTokenizerFast");
        return json;
    }
}
