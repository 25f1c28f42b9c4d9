package dev.cpotoolkit.settings.processor;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes, for each record marked {@code @SettingsRoot}, the code that a
 * settings declaration implies, so that adding a setting is one annotated
 * record component and nothing else:
 *
 * <ul>
 *   <li>{@code <Root>BuilderBase}: a fluent builder with one typed setter per
 *       setting (a text overload for enum settings), the declared defaults, a
 *       {@code set(name, value)} for files and flags, {@code from(root)} and
 *       {@code build()};</li>
 *   <li>{@code <Root>View}: an interface of flat accessors ({@code beta()}
 *       reads {@code cpo().beta()}) that the root record implements.</li>
 * </ul>
 *
 * <p>The root's components are the settings records (TRL's split: the CPO
 * settings and the training-loop settings); their components carry
 * {@code @Setting}. Defaults and conversions are read at run time from the same
 * declarations ({@code SettingsSchema}), so this processor only lays out code.
 */
@SupportedAnnotationTypes(SettingsProcessor.ROOT)
public final class SettingsProcessor extends AbstractProcessor {

    static final String ROOT = "dev.cpotoolkit.settings.SettingsRoot";
    private static final String SETTING = "dev.cpotoolkit.settings.Setting";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement marker = processingEnv.getElementUtils().getTypeElement(ROOT);
        if (marker == null) {
            return false;
        }
        for (Element element : round.getElementsAnnotatedWith(marker)) {
            if (element.getKind() != ElementKind.RECORD) {
                error(element, "@SettingsRoot belongs on a record of settings records");
                continue;
            }
            Root root = read((TypeElement) element);
            if (root != null) {
                write(root.packageName, root.name + "View", root.view());
                write(root.packageName, root.name + "BuilderBase", root.builder());
            }
        }
        return true;
    }

    private Root read(TypeElement rootType) {
        List<Part> parts = new ArrayList<>();
        for (RecordComponentElement component : rootType.getRecordComponents()) {
            Element partElement = processingEnv.getTypeUtils().asElement(component.asType());
            if (partElement == null || partElement.getKind() != ElementKind.RECORD) {
                error(component, "each component of a @SettingsRoot record is a record of @Setting components");
                return null;
            }
            TypeElement partType = (TypeElement) partElement;
            List<Field> fields = new ArrayList<>();
            for (RecordComponentElement setting : partType.getRecordComponents()) {
                Map<String, String> values = settingValues(setting);
                if (values == null) {
                    error(setting, "a settings record's components each need @Setting");
                    return null;
                }
                fields.add(field(setting, values));
            }
            parts.add(new Part(component.getSimpleName().toString(), partType.getQualifiedName().toString(),
                    fields));
        }
        PackageElement pkg = processingEnv.getElementUtils().getPackageOf(rootType);
        return new Root(pkg.getQualifiedName().toString(), rootType.getSimpleName().toString(), parts);
    }

    private Field field(RecordComponentElement setting, Map<String, String> values) {
        TypeMirror type = setting.asType();
        String boxed = type.getKind().isPrimitive()
                ? processingEnv.getTypeUtils().boxedClass((javax.lang.model.type.PrimitiveType) type)
                        .getQualifiedName().toString()
                : type.toString();
        Element typeElement = processingEnv.getTypeUtils().asElement(type);
        boolean isEnum = type.getKind() == TypeKind.DECLARED && typeElement.getKind() == ElementKind.ENUM;
        return new Field(setting.getSimpleName().toString(), type.toString(), boxed, isEnum, values.get("name"),
                values.get("help"), values.get("defaultValue"));
    }

    /** The explicit values of the component's {@code @Setting}, or null when it has none. */
    private static Map<String, String> settingValues(RecordComponentElement component) {
        for (AnnotationMirror mirror : component.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(SETTING)) {
                Map<String, String> values = new java.util.HashMap<>();
                for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                        : mirror.getElementValues().entrySet()) {
                    values.put(entry.getKey().getSimpleName().toString(), String.valueOf(entry.getValue().getValue()));
                }
                return values;
            }
        }
        return null;
    }

    private void write(String packageName, String simpleName, String source) {
        String name = packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
        try (PrintWriter out = new PrintWriter(processingEnv.getFiler().createSourceFile(name).openWriter())) {
            out.print(source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    private void error(Element element, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    /** One setting as the generated code needs it. */
    private record Field(String javaName, String type, String boxedType, boolean isEnum, String key, String help,
                         String defaultValue) {

        String javadoc(String indent) {
            return indent + "/**\n" + indent + " * " + escape(help) + " Default: {@code " + escape(defaultValue)
                    + "} ({@code " + escape(key) + "}).\n" + indent + " *\n";
        }
    }

    /** A settings record and the root component that holds it. */
    private record Part(String accessor, String type, List<Field> fields) {}

    private record Root(String packageName, String name, List<Part> parts) {

        String header() {
            return (packageName.isEmpty() ? "" : "package " + packageName + ";\n\n")
                    + "import dev.cpotoolkit.settings.SettingOrigins;\n"
                    + "import dev.cpotoolkit.settings.SettingSpec;\n"
                    + "import dev.cpotoolkit.settings.SettingsSchema;\n\n";
        }

        String generated() {
            return "@javax.annotation.processing.Generated(\"" + SettingsProcessor.class.getName() + "\")\n";
        }

        String view() {
            StringBuilder out = new StringBuilder(header());
            out.append("/**\n * Flat accessors of {@link ").append(name).append("}'s settings, generated from their\n")
                    .append(" * {@code @Setting} declarations: {@code config.beta()} reads the setting from the\n")
                    .append(" * part that declares it.\n */\n").append(generated())
                    .append("public interface ").append(name).append("View {\n");
            for (Part part : parts) {
                out.append("\n    /** The settings of {@link ").append(part.type).append("}. */\n    ")
                        .append(part.type).append(' ').append(part.accessor).append("();\n");
            }
            for (Part part : parts) {
                for (Field field : part.fields) {
                    out.append('\n').append(field.javadoc("    ")).append("     * @return the value\n     */\n")
                            .append("    default ").append(field.type).append(' ').append(field.javaName)
                            .append("() {\n        return ").append(part.accessor).append("().")
                            .append(field.javaName).append("();\n    }\n");
                }
            }
            return out.append("}\n").toString();
        }

        String builder() {
            String self = name + "BuilderBase<B>";
            StringBuilder out = new StringBuilder(header());
            out.append("/**\n * The fluent builder of {@link ").append(name)
                    .append("}, generated from its settings' {@code @Setting}\n")
                    .append(" * declarations: one setter per setting, each starting at its declared default.\n")
                    .append(" *\n * @param <B> the concrete builder, returned by every setter\n */\n")
                    .append(generated())
                    .append("public abstract class ").append(self).append(" {\n\n")
                    .append("    private static final SettingsSchema SCHEMA = SettingsSchema.of(");
            List<String> partClasses = new ArrayList<>();
            for (Part part : parts) {
                partClasses.add(part.type + ".class");
            }
            out.append(String.join(", ", partClasses)).append(");\n\n")
                    .append("    private final SettingOrigins origins = new SettingOrigins(SCHEMA);\n\n");
            for (Part part : parts) {
                for (Field field : part.fields) {
                    out.append("    private ").append(field.type).append(' ').append(field.javaName).append(";\n");
                }
            }
            out.append("\n    /** A builder at the declared defaults. */\n    protected ").append(name)
                    .append("BuilderBase() {\n");
            for (Part part : parts) {
                for (Field field : part.fields) {
                    out.append("        ").append(field.javaName).append(" = (").append(field.boxedType)
                            .append(") SCHEMA.find(\"").append(field.key).append("\").defaultValue();\n");
                }
            }
            out.append("    }\n\n    /** This builder, as its concrete type. @return this builder */\n")
                    .append("    protected abstract B self();\n");
            for (Part part : parts) {
                for (Field field : part.fields) {
                    out.append('\n').append(field.javadoc("    ")).append("     * @param value the value\n")
                            .append("     * @return this builder\n     */\n    public B ").append(field.javaName)
                            .append('(').append(field.type).append(" value) {\n        ").append(field.javaName)
                            .append(" = value;\n        origins.record(\"").append(field.key)
                            .append("\", SettingOrigins.CODE);\n        return self();\n    }\n");
                    if (field.isEnum) {
                        out.append("\n    /**\n     * {@link #").append(field.javaName).append("} by its TRL name")
                                .append(" (").append(escape(field.defaultValue)).append(", ...).\n     *\n")
                                .append("     * @param value the name\n     * @return this builder\n     */\n")
                                .append("    public B ").append(field.javaName).append("(String value) {\n")
                                .append("        return set(\"").append(field.key).append("\", value);\n    }\n");
                }
            }
            }
            out.append("""

                        /**
                         * Sets a setting by name: TRL's snake_case key, a flag's kebab-case or camelCase.
                         * Text is converted to the setting's type.
                         *
                         * @param name  the setting's name
                         * @param value its value (text, number, boolean, enum constant or null)
                         * @return this builder
                         * @throws dev.cpotoolkit.settings.ConfigException for an unknown name or a bad value
                         */
                        public B set(String name, Object value) {
                            return set(name, value, SettingOrigins.CODE);
                        }

                        /**
                         * Sets a setting by name and records where its value came from, so that a rule
                         * it breaks at {@link #build()} names that place.
                         *
                         * @param name   the setting's name
                         * @param value  its value (text, number, boolean, enum constant or null)
                         * @param origin where it came from, such as {@code "from --beta"} or {@code "from run.yaml line 3"}
                         * @return this builder
                         * @throws dev.cpotoolkit.settings.ConfigException for an unknown name or a bad value
                         */
                        public B set(String name, Object value, String origin) {
                            SettingSpec spec = SCHEMA.find(name);
                            Object converted = spec.convert(value);
                            origins.record(spec.key(), origin);
                            switch (spec.key()) {
                    """);
            for (Part part : parts) {
                for (Field field : part.fields) {
                    out.append("            case \"").append(field.key).append("\" -> ").append(field.javaName)
                            .append(" = (").append(field.boxedType).append(") converted;\n");
                }
            }
            out.append("            default -> throw new IllegalStateException(\"no field for \" + spec.key());\n")
                    .append("        }\n        return self();\n    }\n\n")
                    .append("    /**\n     * Copies every setting of {@code source}.\n     *\n")
                    .append("     * @param source the settings to start from\n     * @return this builder\n     */\n")
                    .append("    public B from(").append(name).append(" source) {\n");
            for (Part part : parts) {
                for (Field field : part.fields) {
                    out.append("        ").append(field.javaName).append(" = source.").append(part.accessor)
                            .append("().").append(field.javaName).append("();\n");
                }
            }
            out.append("        origins.recordAll(\"copied from another config\");\n")
                    .append("        return self();\n    }\n\n")
                    .append("    /**\n     * The current value of a setting, by any spelling of its name.\n     *\n")
                    .append("     * @param name the setting's name\n     * @return its value (boxed)\n     */\n")
                    .append("    public Object get(String name) {\n        return switch (SCHEMA.find(name).key()) {\n");
            for (Part part : parts) {
                for (Field field : part.fields) {
                    out.append("            case \"").append(field.key).append("\" -> ").append(field.javaName)
                            .append(";\n");
                }
            }
            out.append("            default -> throw new IllegalStateException(name);\n        };\n    }\n\n")
                    .append("    /** Where each value came from: a flag, a file and line, code or the default. @return the record */\n")
                    .append("    public SettingOrigins origins() {\n        return origins;\n    }\n\n")
                    .append("    /** Called by {@link #build()} before validation: where defaults adapt to the values given. */\n")
                    .append("    protected void adjust() {\n    }\n\n")
                    .append("    /**\n     * Validates and builds.\n     *\n     * @return the settings\n")
                    .append("     * @throws dev.cpotoolkit.settings.ConfigException naming the first bad setting,\n")
                    .append("     *         its value and where that value came from\n")
                    .append("     */\n    public ").append(name).append(" build() {\n        adjust();\n")
                    .append("        try {\n            return new ")
                    .append(name).append('(');
            List<String> constructed = new ArrayList<>();
            for (Part part : parts) {
                List<String> names = new ArrayList<>();
                for (Field field : part.fields) {
                    names.add(field.javaName);
                }
                constructed.add("\n                    new " + part.type + "(" + String.join(", ", names) + ")");
            }
            out.append(String.join(",", constructed)).append(");\n")
                    .append("        } catch (dev.cpotoolkit.settings.ConfigException e) {\n")
                    .append("            throw origins.explain(e);\n        }\n    }\n}\n");
            return out.toString();
        }
    }

    /** Text safe inside a Javadoc comment. */
    private static String escape(String text) {
        return text.replace("*/", "*&#47;").replace("@", "{@literal @}");
    }
}
