package dev.cpotoolkit.settings;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one setting of a run, once, on the record component that holds it:
 * its name in TRL's files and flags, its default, one line of help and the rule
 * its value must keep. Everything else is derived from this declaration: the
 * fluent builder (generated at compile time), the JSON/YAML keys, the
 * {@code --kebab-case} command-line flags and their help, and validation.
 *
 * <pre>{@code
 * @Setting(name = "beta", defaultValue = "0.1", check = Check.POSITIVE,
 *          help = "Temperature of the implicit reward; for hinge the reciprocal margin.")
 * double beta,
 * }</pre>
 *
 * <p>A boxed type ({@code Integer}, {@code String}) makes the setting nullable:
 * {@code "null"} is then a valid default and value, and the check applies to
 * the other values only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {

    /** The key in TRL's config files and the source of the CLI flag ({@code max_length -> --max-length}). */
    String name();

    /** The default as it would be written in a YAML file ({@code "1e-6"}, {@code "keep_end"}, {@code "null"}). */
    String defaultValue();

    /** One sentence for the CLI help and the builder's Javadoc. */
    String help();

    /** Where the setting and its default come from. */
    Origin origin() default Origin.TRL;

    /** The rule every (non-null) value keeps. */
    Check check() default Check.ANY;

    /** For text settings: a regular expression the whole value must match; empty for none. */
    String pattern() default "";

    /** What the rule means in words when {@link #check()} or {@link #pattern()} is not self-explaining. */
    String rule() default "";

    /** Whose default a setting follows, so the help can say so honestly. */
    enum Origin {
        /** A field of TRL's {@code CPOConfig}. */
        TRL,
        /** A field of Hugging Face's {@code TrainingArguments}, which TRL's config extends. */
        TRANSFORMERS,
        /** The toolkit's own setting; no TRL counterpart. */
        TOOLKIT
    }
}
