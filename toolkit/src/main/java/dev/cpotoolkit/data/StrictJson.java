package dev.cpotoolkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * Parses JSON strictly with Gson's streaming reader: RFC 8259 syntax only (no comments, no
 * single quotes, no unquoted names), nothing after the value, and no duplicate keys, since a
 * repeated {@code "chosen"} would otherwise drop one of the answers silently. Numbers stay
 * numbers and booleans stay booleans, so a field that should be text can be rejected.
 */
final class StrictJson {

    private StrictJson() {
    }

    /**
     * Parses one complete JSON document.
     *
     * @param text the document
     * @return its value
     * @throws IOException with Gson's description of the first syntax problem
     */
    static JsonElement parse(String text) throws IOException {
        return parse(new StringReader(text));
    }

    /**
     * Parses one complete JSON document from a reader.
     *
     * @param input the document
     * @return its value
     * @throws IOException with a description of the first syntax problem, or a read failure
     */
    static JsonElement parse(Reader input) throws IOException {
        JsonReader reader = new JsonReader(input);
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement value = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("unexpected content after the JSON value at " + reader.getPath());
            }
            return value;
        } catch (IllegalStateException | NumberFormatException e) {
            throw new MalformedJsonException(e.getMessage(), e);
        }
    }

    private static JsonElement read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new MalformedJsonException("duplicate key \"" + name + "\" at " + reader.getPath());
                    }
                    object.add(name, read(reader));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
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
            default -> throw new MalformedJsonException("unexpected " + reader.peek() + " at " + reader.getPath());
        }
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
