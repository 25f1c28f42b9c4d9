package dev.cpotoolkit.data.chat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gson JSON to the JSON-like Java values chat templates take, keeping what Python's
 * {@code json.loads} keeps: {@code 1} is an int (Long, or BigInteger when large) and {@code 1.0}
 * or {@code 1e5} a float (Double), object keys stay in file order.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Converts a JSON element.
     *
     * @param element the element (may be JSON null)
     * @return null, String, Boolean, Long/BigInteger, Double, an unmodifiable List or an
     *         unmodifiable insertion-ordered Map
     */
    public static Object fromJson(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonPrimitive()) {
            return primitive(element.getAsJsonPrimitive());
        }
        if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            List<Object> items = new ArrayList<>(array.size());
            array.forEach(item -> items.add(fromJson(item)));
            return Collections.unmodifiableList(items);
        }
        JsonObject object = element.getAsJsonObject();
        Map<String, Object> fields = new LinkedHashMap<>();
        object.entrySet().forEach(entry -> fields.put(entry.getKey(), fromJson(entry.getValue())));
        return Collections.unmodifiableMap(fields);
    }

    private static Object primitive(JsonPrimitive primitive) {
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isString()) {
            return primitive.getAsString();
        }
        String text = primitive.getAsString();
        if (text.matches("-?\\d+")) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        return Double.parseDouble(text);
    }
}
