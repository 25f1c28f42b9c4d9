package dev.cpotoolkit.data.parquet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * One assembled Parquet record as the JSON value the other readers give a
 * row: strings, numbers, booleans, lists as arrays, structs and maps as
 * objects, a missing optional value as {@code null}. So a Parquet row with
 * {@code chosen: list<struct<role, content>>} is the same JSON a JSONL line
 * with a message list is, and the same row rules apply.
 */
final class GroupJson {

    private GroupJson() {}

    static JsonObject toJson(Group group, GroupType type) {
        JsonObject object = new JsonObject();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            int count = group.getFieldRepetitionCount(i);
            if (field.isRepetition(Type.Repetition.REPEATED)) {
                JsonArray values = new JsonArray(count);
                for (int k = 0; k < count; k++) {
                    values.add(value(group, i, k, field));
                }
                object.add(field.getName(), values);
            } else {
                object.add(field.getName(), count == 0 ? JsonNull.INSTANCE : value(group, i, 0, field));
            }
        }
        return object;
    }

    private static JsonElement value(Group group, int field, int index, Type type) {
        if (type.isPrimitive()) {
            return switch (type.asPrimitiveType().getPrimitiveTypeName()) {
                // Text columns carry the STRING annotation; unannotated binary is read as UTF-8 too,
                // since a preference row has no use for raw bytes.
                case BINARY -> new JsonPrimitive(group.getBinary(field, index).toStringUsingUTF8());
                case INT32 -> new JsonPrimitive(group.getInteger(field, index));
                case INT64 -> new JsonPrimitive(group.getLong(field, index));
                case FLOAT -> new JsonPrimitive(group.getFloat(field, index));
                case DOUBLE -> new JsonPrimitive(group.getDouble(field, index));
                case BOOLEAN -> new JsonPrimitive(group.getBoolean(field, index));
                default -> new JsonPrimitive(group.getValueToString(field, index));
            };
        }
        GroupType groupType = type.asGroupType();
        Group child = group.getGroup(field, index);
        LogicalTypeAnnotation annotation = groupType.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && groupType.getFieldCount() == 1) {
            return list(child, groupType);
        }
        if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation && groupType.getFieldCount() == 1
                && !groupType.getType(0).isPrimitive() && groupType.getType(0).asGroupType().getFieldCount() == 2) {
            return map(child, groupType.getType(0).asGroupType());
        }
        return toJson(child, groupType);
    }

    private static JsonArray list(Group list, GroupType listType) {
        int count = list.getFieldRepetitionCount(0);
        JsonArray values = new JsonArray(count);
        Type repeated = listType.getType(0);
        boolean threeLevel = ParquetSchemas.isThreeLevel(listType);
        for (int k = 0; k < count; k++) {
            if (threeLevel) {
                Group wrapper = list.getGroup(0, k);
                Type element = repeated.asGroupType().getType(0);
                values.add(wrapper.getFieldRepetitionCount(0) == 0 ? JsonNull.INSTANCE : value(wrapper, 0, 0, element));
            } else {
                values.add(value(list, 0, k, repeated));
            }
        }
        return values;
    }

    private static JsonObject map(Group map, GroupType keyValue) {
        JsonObject object = new JsonObject();
        for (int k = 0; k < map.getFieldRepetitionCount(0); k++) {
            Group entry = map.getGroup(0, k);
            String key = value(entry, 0, 0, keyValue.getType(0)).getAsString();
            object.add(key, entry.getFieldRepetitionCount(1) == 0 ? JsonNull.INSTANCE
                    : value(entry, 1, 0, keyValue.getType(1)));
        }
        return object;
    }
}
