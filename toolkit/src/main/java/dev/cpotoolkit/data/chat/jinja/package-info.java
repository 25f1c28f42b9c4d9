/**
 * A small Jinja2 engine for Hugging Face chat templates, built to render exactly what
 * transformers renders: Jinja2 3.1 in an {@code ImmutableSandboxedEnvironment} with
 * {@code trim_blocks} and {@code lstrip_blocks}, and Python value semantics.
 *
 * <p>The pipeline is {@link dev.cpotoolkit.data.chat.jinja.Lexer} (source to tokens, including
 * whitespace control) → {@link dev.cpotoolkit.data.chat.jinja.Parser} and {@code ExpressionParser} (tokens to the
 * {@link dev.cpotoolkit.data.chat.jinja.Stmt} / {@link dev.cpotoolkit.data.chat.jinja.Expr} tree)
 * → {@link dev.cpotoolkit.data.chat.jinja.Renderer} and
 * {@link dev.cpotoolkit.data.chat.jinja.Evaluator} (execution). Python's behaviour lives in small
 * classes: {@code Repr} (str/repr), {@code Compare} (==, &lt;, in), {@code Arithmetic},
 * {@code PyStrings} and {@code Methods} (str/dict/list methods), {@code Attributes} (the sandbox's
 * lookup rules), {@code Filters}, {@code Tests}, {@code Globals} and {@code Json} (transformers'
 * {@code tojson}).
 *
 * <p>The entry point is {@link dev.cpotoolkit.data.chat.jinja.JinjaTemplate}; failures are
 * {@link dev.cpotoolkit.data.chat.jinja.JinjaError}s named after the Python exception Jinja2
 * would raise. The conformance corpora under {@code src/test/resources/data/chat-corpus} check
 * both against Python.
 */
package dev.cpotoolkit.data.chat.jinja;
