package dev.cpotoolkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * Parses JSON strictly with Gson's streaming reader: RFC 8259 syntax only (no comments, no
 * single quotes, no unquoted names), nothing after the value, and no duplicate keys, since a
 * repeated {@code "chosen"} would otherwise drop one of the answers silently. Numbers stay
 * numbers and booleans stay booleans, so a field that should be text can be rejected. Lone
 * UTF-16 surrogates in strings and nesting deeper than {@link #MAX_DEPTH} are refused too.
 */
final class StrictJson {

    /**
     * The deepest nesting of lists and objects accepted. Real rows need a handful of levels (a
     * message list of content parts); the limit keeps hostile input from exhausting the stack,
     * since reading, rendering and converting values are all recursive.
     */
    static final int MAX_DEPTH = 512;

    private StrictJson() {
    }

    /**
     * Parses one complete JSON document.
     *
     * @param text the document
     * @return its value
     * @throws JsonProblem describing the first problem in the toolkit's words, with its location
     */
    static JsonElement parse(String text) throws JsonProblem {
        return parse(new StringReader(text));
    }

    /**
     * Parses one complete JSON document from a reader.
     *
     * @param input the document
     * @return its value
     * @throws JsonProblem describing the first problem, with its location
     */
    static JsonElement parse(Reader input) throws JsonProblem {
        JsonReader reader = new JsonReader(input);
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement value = read(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw JsonProblem.at(JsonProblem.MALFORMED, "unexpected text after the JSON value",
                        reader.toString(), reader.getPath(), false);
            }
            return value;
        } catch (JsonProblem e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw JsonProblem.fromGson(e);
        }
    }

    private static JsonElement read(JsonReader reader, int depth) throws IOException {
        JsonToken token = reader.peek();
        if ((token == JsonToken.BEGIN_OBJECT || token == JsonToken.BEGIN_ARRAY) && depth >= MAX_DEPTH) {
            throw JsonProblem.at("too deeply nested JSON", "lists and objects nested more than " + MAX_DEPTH
                    + " levels deep", reader.toString(), reader.getPath(), false);
        }
        switch (token) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (hasLoneSurrogate(name)) {
                        String path = reader.getPath();
                        throw JsonProblem.at("invalid JSON string", "a key holds a lone UTF-16 surrogate"
                                + " (an escape such as \\ud800 that is half of a character)", reader.toString(),
                                path.substring(0, path.length() - name.length() - 1), true);
                    }
                    if (object.has(name)) {
                        throw JsonProblem.at(JsonProblem.MALFORMED, "duplicate key \"" + name + "\"",
                                reader.toString(), reader.getPath(), false);
                    }
                    object.add(name, read(reader, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                String text = reader.nextString();
                if (hasLoneSurrogate(text)) {
                    throw JsonProblem.at("invalid JSON string", "the text holds a lone UTF-16 surrogate (an"
                            + " escape such as \\ud800 that is half of a character); it is not valid Unicode",
                            reader.toString(), reader.getPreviousPath(), true);
                }
                return new JsonPrimitive(text);
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw JsonProblem.at(JsonProblem.MALFORMED, "unexpected " + token, reader.toString(),
                    reader.getPath(), false);
        }
    }

    /**
     * Whether the text has a high surrogate not followed by a low one, or a low one not preceded
     * by a high one. Only JSON escapes can produce these (the UTF-8 decoder rejects encoded
     * surrogates), and the tokenizer cannot encode them.
     */
    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Names a JSON value's kind for error messages: "the number 42", "null", "an object".
     *
     * @param value the value
     * @return a short description
     */
    static String describe(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonArray()) {
            return "a list";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isNumber()) {
            return "the number " + primitive.getAsString();
        }
        if (primitive.isBoolean()) {
            return "the boolean " + primitive.getAsBoolean();
        }
        return "a string";
    }
}
