/**
 * A small Jinja2 engine for Hugging Face chat templates, built to render exactly what
 * transformers renders: Jinja2 3.1 in an {@code ImmutableSandboxedEnvironment} with
 * {@code trim_blocks} and {@code lstrip_blocks}, and Python value semantics.
 *
 * <p>The pipeline is {@code Lexer} (source to tokens, including whitespace control) →
 * {@code Parser} and {@code ExpressionParser} (tokens to the {@code Stmt} / {@code Expr} tree) →
 * {@code Renderer} and {@code Evaluator} (execution). Python's behaviour lives in small classes:
 * {@code Repr} (str/repr), {@code Compare} (==, &lt;, in), {@code Arithmetic}, {@code PyStrings}
 * and {@code Methods} (str/dict/list methods), {@code Attributes} (the sandbox's lookup rules),
 * {@code TextFilters}, {@code NumberFilters} and {@code SequenceFilters}, {@code Tests},
 * {@code Globals} and {@code Json} (transformers' {@code tojson}).
 *
 * <p>The entry point is {@link dev.cpotoolkit.data.chat.jinja.JinjaTemplate}; failures are
 * {@link dev.cpotoolkit.data.chat.jinja.JinjaError}s named after the Python exception Jinja2
 * would raise. The conformance corpora under {@code src/test/resources/data/chat-corpus} check
 * both against Python.
 */
package dev.cpotoolkit.data.chat.jinja;
