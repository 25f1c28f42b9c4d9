package dev.cpotoolkit.data.chat.jinja;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Jinja2 template parsed once and rendered many times, with the semantics of the environment
 * transformers renders chat templates in: {@code ImmutableSandboxedEnvironment(trim_blocks=True,
 * lstrip_blocks=True)} with the loop-control and {@code {% generation %}} extensions, default
 * {@code Undefined}, no autoescaping, and transformers' {@code tojson}.
 *
 * <p>Template values are Python-like Java values: String, Long or BigInteger (Python int), Double
 * (float), Boolean, null (None), List, Map (insertion ordered), and {@link JinjaCallable} for
 * functions. Other Java numbers are converted when rendering starts (see {@link TemplateValues}).
 *
 * <p>Instances are immutable and thread-safe; each {@link #render} works on its own copy of the
 * variables, so a template that calls {@code messages.pop()} changes nothing outside.
 *
 * <pre>{@code
 * JinjaTemplate t = JinjaTemplate.parse("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}");
 * String text = t.render(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
 * }</pre>
 */
public final class JinjaTemplate {

    private final String source;
    private final List<Stmt> body;

    private JinjaTemplate(String source, List<Stmt> body) {
        this.source = source;
        this.body = body;
    }

    /**
     * Parses a template.
     *
     * @param source the Jinja2 source
     * @return the template
     * @throws JinjaError for syntax errors and unknown filters or tests, naming the line
     */
    public static JinjaTemplate parse(String source) {
        Objects.requireNonNull(source, "source");
        List<Stmt> body = Parser.parse(source);
        FilterTestCheck.check(body);
        return new JinjaTemplate(source, body);
    }

    /**
     * Renders the template.
     *
     * @param variables the template's variables; they shadow Jinja2's globals ({@code range},
     *                  {@code namespace}, ...) of the same name
     * @return the output text
     * @throws JinjaError when the template fails (or raises); the error names the line where known
     * @throws IllegalArgumentException when a variable holds a value of an unsupported Java type
     */
    public String render(Map<String, ?> variables) {
        Scope root = new Scope(null);
        Globals.create().forEach(root::set);
        variables.forEach((name, value) -> root.set(name, TemplateValues.copyOf(value)));
        try {
            return new Renderer().capture(body, root);
        } catch (StackOverflowError e) {
            throw new JinjaError(JinjaError.Kind.RUNTIME, "maximum recursion depth exceeded");
        }
    }

    /**
     * The source this template was parsed from.
     *
     * @return the source
     */
    public String source() {
        return source;
    }
}
