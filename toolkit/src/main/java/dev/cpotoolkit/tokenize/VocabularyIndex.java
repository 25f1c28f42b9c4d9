package dev.cpotoolkit.tokenize;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Token-string to id lookup read from {@code tokenizer.json}: its {@code added_tokens} and its
 * model vocabulary. DJL's tokenizer has no {@code token_to_id}, and encoding a token string is
 * not a lookup (an unknown word would come back as {@code <unk>}), so special tokens are
 * resolved here the way {@code transformers}' {@code convert_tokens_to_ids} does.
 */
final class VocabularyIndex {

    private final Map<String, Integer> ids;
    private final int size;

    private VocabularyIndex(Map<String, Integer> ids, int size) {
        this.ids = ids;
        this.size = size;
    }

    /**
     * @param json   the text of {@code tokenizer.json}
     * @param origin the file, for error messages
     * @return the index
     * @throws TokenizationException naming {@code origin} when the JSON is malformed
     */
    static VocabularyIndex parse(String json, String origin) {
        JsonNesting.requireShallow(json, origin, "tokenizer file");
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            Map<String, Integer> ids = new HashMap<>();
            int maxId = -1;
            JsonElement model = root.get("model");
            if (model != null && model.isJsonObject()) {
                JsonElement vocab = model.getAsJsonObject().get("vocab");
                if (vocab != null && vocab.isJsonObject()) {
                    // BPE, WordPiece, WordLevel: {"token": id}
                    for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
                        int id = e.getValue().getAsInt();
                        ids.put(e.getKey(), id);
                        maxId = Math.max(maxId, id);
                    }
                } else if (vocab != null && vocab.isJsonArray()) {
                    // Unigram: [["piece", score], ...], id = position
                    int id = 0;
                    for (JsonElement piece : vocab.getAsJsonArray()) {
                        ids.put(piece.getAsJsonArray().get(0).getAsString(), id);
                        maxId = Math.max(maxId, id++);
                    }
                }
            }
            JsonElement added = root.get("added_tokens");
            if (added != null && added.isJsonArray()) {
                // Added tokens win over the model vocabulary, as in the tokenizers library.
                for (JsonElement token : added.getAsJsonArray()) {
                    JsonObject t = token.getAsJsonObject();
                    int id = t.get("id").getAsInt();
                    ids.put(t.get("content").getAsString(), id);
                    maxId = Math.max(maxId, id);
                }
            }
            return new VocabularyIndex(ids, maxId + 1);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | NullPointerException | NumberFormatException e) {
            throw new TokenizationException("Malformed tokenizer file " + origin + ": "
                    + e.getMessage(), e);
        }
    }

    /** The id of an exact token string, if the vocabulary has it. */
    OptionalInt idOf(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** One more than the largest id: the number of rows an embedding matrix needs. */
    int size() {
        return size;
    }
}
