package dev.cpotoolkit.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.Map;

/**
 * Pieces of Hugging Face's {@code tokenizer.json} and {@code tokenizer_config.json}
 * formats, for the toolkit's own generated tokenizers (the tiny preset's
 * byte-level one, the toy translation task's word-level one), so that each
 * writer only states what is particular to it.
 */
public final class TokenizerJson {

    private TokenizerJson() {}

    /** An {@code added_tokens} entry for a special token, with the flags {@code transformers} writes. */
    public static JsonObject specialToken(int id, String content) {
        JsonObject token = new JsonObject();
        token.addProperty("id", id);
        token.addProperty("content", content);
        token.addProperty("single_word", false);
        token.addProperty("lstrip", false);
        token.addProperty("rstrip", false);
        token.addProperty("normalized", false);
        token.addProperty("special", true);
        return token;
    }

    /** {@code tokenizer_config.json}'s {@code added_tokens_decoder}: the same entries keyed by id, without the id. */
    public static JsonObject addedTokensDecoder(Map<Integer, String> specials) {
        JsonObject decoder = new JsonObject();
        specials.forEach((id, content) -> {
            JsonObject token = specialToken(id, content);
            token.remove("id");
            decoder.add(String.valueOf(id), token);
        });
        return decoder;
    }

    /**
     * A whole {@code tokenizer.json} in the field order the {@code tokenizers}
     * library writes: no truncation, padding, normalizer or post-processor.
     *
     * @param addedTokens  the special tokens ({@link #specialToken})
     * @param preTokenizer how text is split before the model (e.g. ByteLevel, Whitespace)
     * @param decoder      how ids become text again, or {@link JsonNull#INSTANCE}
     * @param model        the model section (BPE, WordLevel) with its vocabulary
     */
    public static JsonObject document(JsonArray addedTokens, JsonObject preTokenizer, JsonElement decoder,
                                      JsonObject model) {
        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", JsonNull.INSTANCE);
        json.add("padding", JsonNull.INSTANCE);
        json.add("added_tokens", addedTokens);
        json.add("normalizer", JsonNull.INSTANCE);
        json.add("pre_tokenizer", preTokenizer);
        json.add("post_processor", JsonNull.INSTANCE);
        json.add("decoder", decoder);
        json.add("model", model);
        return json;
    }
}
