package dev.cpotoolkit.data.parquet;

import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The footer's flat schema (Thrift {@code SchemaElement}s in depth-first
 * order, each group saying how many children follow) as parquet-java's
 * {@link MessageType}, and short type names for messages. Only the logical
 * types that change how a value reads back here are kept: strings, lists and
 * maps; numbers stay numbers.
 */
final class ParquetSchemas {

    private ParquetSchemas() {}

    static MessageType toMessageType(List<SchemaElement> elements) {
        if (elements == null || elements.isEmpty()) {
            throw new ParquetException("corrupt Parquet footer: the schema is empty");
        }
        int[] next = {1};
        List<Type> fields = children(elements, elements.get(0).getNum_children(), next);
        if (next[0] != elements.size()) {
            throw new ParquetException("corrupt Parquet footer: the schema's child counts do not add up");
        }
        return new MessageType(elements.get(0).getName(), fields);
    }

    private static List<Type> children(List<SchemaElement> elements, int count, int[] next) {
        List<Type> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (next[0] >= elements.size()) {
                throw new ParquetException("corrupt Parquet footer: the schema ends inside a group");
            }
            SchemaElement element = elements.get(next[0]++);
            Type.Repetition repetition = element.isSetRepetition_type()
                    ? Type.Repetition.valueOf(element.getRepetition_type().name()) : Type.Repetition.OPTIONAL;
            LogicalTypeAnnotation annotation = annotation(element);
            if (element.isSetNum_children() && element.getNum_children() > 0 || !element.isSetType()) {
                List<Type> inner = children(elements, element.getNum_children(), next);
                fields.add(Types.buildGroup(repetition).as(annotation).addFields(inner.toArray(Type[]::new))
                        .named(element.getName()));
            } else {
                String physical = element.getType().name().equals("BYTE_ARRAY") ? "BINARY" : element.getType().name();
                PrimitiveType.PrimitiveTypeName name = PrimitiveType.PrimitiveTypeName.valueOf(physical);
                Types.PrimitiveBuilder<PrimitiveType> builder = Types.primitive(name, repetition);
                if (element.isSetType_length()) {
                    builder = builder.length(element.getType_length());
                }
                // Only string/enum/json annotations are kept on primitives (see the class comment).
                if (annotation != null && name == PrimitiveType.PrimitiveTypeName.BINARY) {
                    builder = builder.as(annotation);
                }
                fields.add(builder.named(element.getName()));
            }
        }
        return fields;
    }

    private static LogicalTypeAnnotation annotation(SchemaElement element) {
        if (element.isSetLogicalType()) {
            LogicalType logical = element.getLogicalType();
            if (logical.isSetSTRING()) {
                return LogicalTypeAnnotation.stringType();
            }
            if (logical.isSetLIST()) {
                return LogicalTypeAnnotation.listType();
            }
            if (logical.isSetMAP()) {
                return LogicalTypeAnnotation.mapType();
            }
            if (logical.isSetENUM()) {
                return LogicalTypeAnnotation.enumType();
            }
            if (logical.isSetJSON()) {
                return LogicalTypeAnnotation.jsonType();
            }
        }
        if (element.isSetConverted_type()) {
            ConvertedType converted = element.getConverted_type();
            return switch (converted) {
                case UTF8 -> LogicalTypeAnnotation.stringType();
                case LIST -> LogicalTypeAnnotation.listType();
                case MAP, MAP_KEY_VALUE -> LogicalTypeAnnotation.mapType();
                case ENUM -> LogicalTypeAnnotation.enumType();
                case JSON -> LogicalTypeAnnotation.jsonType();
                default -> null;
            };
        }
        return null;
    }

    /** A short name: {@code string}, {@code int64}, {@code list<struct<role: string, content: string>>}. */
    static String describe(Type type) {
        if (type.isPrimitive()) {
            PrimitiveType primitive = type.asPrimitiveType();
            if (isString(primitive)) {
                return "string";
            }
            String name = primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
                    ? "binary" : primitive.getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT);
            return type.isRepetition(Type.Repetition.REPEATED) ? "repeated " + name : name;
        }
        GroupType group = type.asGroupType();
        if (group.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
                && group.getFieldCount() == 1) {
            return "list<" + describe(listElement(group)) + ">";
        }
        return "struct<" + group.getFields().stream().map(f -> f.getName() + ": " + describe(f))
                .collect(Collectors.joining(", ")) + ">";
    }

    static boolean isString(PrimitiveType primitive) {
        LogicalTypeAnnotation annotation = primitive.getLogicalTypeAnnotation();
        return primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
                && (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation);
    }

    /**
     * The element type of a LIST group, in the standard three-level layout
     * ({@code repeated group list { element }}) or the older two-level one
     * the spec's backward-compatibility rules describe.
     */
    static Type listElement(GroupType list) {
        Type repeated = list.getType(0);
        return isThreeLevel(list) ? repeated.asGroupType().getType(0) : repeated;
    }

    static boolean isThreeLevel(GroupType list) {
        Type repeated = list.getType(0);
        return !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
                && !repeated.getName().equals("array") && !repeated.getName().equals(list.getName() + "_tuple");
    }
}
