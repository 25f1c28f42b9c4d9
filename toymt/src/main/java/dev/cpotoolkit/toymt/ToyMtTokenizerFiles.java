package dev.cpotoolkit.toymt;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.cpotoolkit.tokenize.TokenizerJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The toy-mt tokenizer: a Hugging Face WordLevel {@code tokenizer.json} with a
 * Whitespace pre-tokenizer (one id per word, {@code :} and {@code =>} their
 * own tokens) over the task's whole vocabulary, and a
 * {@code tokenizer_config.json} naming {@code <s>}, {@code </s>}, {@code <pad>}
 * and {@code <unk>}. With one token per word, token accuracy is word accuracy.
 */
public final class ToyMtTokenizerFiles {

    /** Id of {@code <pad>}. */
    public static final int PAD_ID = 0;
    /** Id of {@code <unk>}. */
    public static final int UNK_ID = 1;
    /** Id of {@code <s>}. */
    public static final int BOS_ID = 2;
    /** Id of {@code </s>}. */
    public static final int EOS_ID = 3;

    private static final List<String> SPECIALS = List.of("<pad>", "<unk>", "<s>", "</s>");

    private ToyMtTokenizerFiles() {}

    /**
     * Every token in id order: the four special tokens, the prompt's words,
     * the source words, the target words.
     *
     * @throws IllegalStateException if two words of the lexicon collide (a bug in the word lists)
     */
    public static List<String> vocabulary() {
        List<String> source = new ArrayList<>(List.of("translate", ":", "=>"));
        source.addAll(English.vocabulary());
        List<String> target = Toylang.vocabulary();
        Set<String> all = new LinkedHashSet<>(SPECIALS);
        for (String word : source) {
            all.add(word);
        }
        for (String word : target) {
            if (!all.add(word)) {
                // Distinct target forms must be distinct strings, or agreement errors could be invisible.
                throw new IllegalStateException("target word '" + word + "' occurs twice in the vocabulary");
            }
        }
        return List.copyOf(all);
    }

    /** Number of ids. */
    public static int vocabularySize() {
        return vocabulary().size();
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code folder} and returns it. */
    public static Path write(Path folder) {
        try {
            Files.createDirectories(folder);
            var gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
            Files.writeString(folder.resolve("tokenizer.json"), gson.toJson(tokenizerJson()) + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("tokenizer_config.json"), gson.toJson(configJson()) + "\n",
                    StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the toy-mt tokenizer into " + folder, e);
        }
    }

    private static JsonObject tokenizerJson() {
        List<String> words = vocabulary();
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < words.size(); id++) {
            vocab.addProperty(words.get(id), id);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        model.add("vocab", vocab);
        model.addProperty("unk_token", "<unk>");

        JsonArray added = new JsonArray();
        for (int id = 0; id < SPECIALS.size(); id++) {
            added.add(TokenizerJson.specialToken(id, SPECIALS.get(id)));
        }
        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "Whitespace");

        // No decoder: decoding joins tokens with single spaces, which is exactly this task's text.
        return TokenizerJson.document(added, preTokenizer, JsonNull.INSTANCE, model);
    }

    private static JsonObject configJson() {
        java.util.Map<Integer, String> specials = new java.util.LinkedHashMap<>();
        for (int id = 0; id < SPECIALS.size(); id++) {
            specials.put(id, SPECIALS.get(id));
        }
        JsonObject json = new JsonObject();
        json.add("added_tokens_decoder", TokenizerJson.addedTokensDecoder(specials));
        json.addProperty("bos_token", "<s>");
        json.addProperty("eos_token", "</s>");
        json.addProperty("pad_token", "<pad>");
        json.addProperty("unk_token", "<unk>");
        json.addProperty("model_max_length", 64);
        json.addProperty("clean_up_tokenization_spaces", false);
        json.addProperty("tokenizer_class", "PreTrainedTokenizerFast");
        return json;
    }
}
