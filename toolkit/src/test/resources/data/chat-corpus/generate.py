#!/usr/bin/env python3
"""Regenerates the chat-template conformance corpus: expected.json and features.json.

Run with Debian's interpreter, which has Jinja2 (the only dependency):

    /usr/bin/python3 toolkit/src/test/resources/data/chat-corpus/generate.py

It reproduces how transformers renders chat templates, so that the Java engine can be checked
against Python byte for byte without needing Python at build time. What it mirrors is the
transformers 4.x code (``render_jinja_template`` in ``utils/chat_template_utils.py``, called by
``apply_chat_template``; newer code finds the end of a continued message with a sentinel tag and
escapes special tokens in the data, which is not reproduced here):

* ``utils/chat_template_utils.py`` ``_compile_jinja_template``: an
  ``ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
  extensions=[AssistantTracker, jinja2.ext.loopcontrols])`` whose ``tojson`` filter is
  ``json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)``,
  with the globals ``raise_exception(message)`` (raises ``TemplateError(message)``) and
  ``strftime_now(format)`` (``datetime.now().strftime(format)``; here a fixed time, so the output
  is reproducible), and the ``{% generation %}`` tag rendering its body.
* ``render_jinja_template``: ``compiled.render(messages=..., tools=..., documents=...,
  add_generation_prompt=..., **kwargs)`` and the ``continue_final_message`` cut (the last
  occurrence of the stripped final text; its trailing whitespace kept only where the template kept it).
* ``tokenization_utils_base.py`` ``apply_chat_template``: the template kwargs are
  ``{**tokenizer.special_tokens_map, **kwargs}`` (special_tokens_map holds bos/eos/unk/sep/pad/cls/
  mask tokens that are set and non-empty, and the non-empty list additional_special_tokens), tools
  must be dicts, documents must be dicts, and continue_final_message with add_generation_prompt
  is a ValueError.

Outputs, both committed:

* ``expected.json``: every template in ``templates/`` (and the tokenizer configs already in the test
  resources) x every conversation in ``conversations/`` that fits it x the option sets (generation
  prompt off/on, continuing the final message when it is the assistant's, per-template kwargs).
* ``features.json``: one tiny template per Jinja2 feature, with its context and its output or error.

Each case holds either ``expected`` (the exact text) or ``error`` (``type``: the Python exception
class name, ``message``: ``str(exception)``, and ``line`` for syntax errors).
"""

import datetime
import json
import pathlib
import sys

import jinja2
import jinja2.ext
import jinja2.nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = pathlib.Path(__file__).resolve().parent
RESOURCES = HERE.parent  # toolkit/src/test/resources/data
FIXED_NOW = datetime.datetime(2024, 7, 26, 9, 5, 3)
SPECIAL_TOKEN_NAMES = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]


# ---------------------------------------------------------------------------------------------
# transformers' environment
# ---------------------------------------------------------------------------------------------

class AssistantTracker(jinja2.ext.Extension):
    """transformers' {% generation %} tag; without an active tracker it only renders its body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_generation_support"), [], [], body).set_lineno(lineno)

    def _generation_support(self, caller):
        return caller()


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    return FIXED_NOW.strftime(format)


def compile_template(source):
    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, jinja2.ext.loopcontrols]
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env.from_string(source)


def special_tokens_map(tokens, additional):
    """transformers' special_tokens_map: the standard names that are set and not empty."""
    result = {name: tokens[name] for name in SPECIAL_TOKEN_NAMES if tokens.get(name)}
    if additional:
        result["additional_special_tokens"] = list(additional)
    return result


def apply_chat_template(source, tokens, additional, messages, tools=None, documents=None,
                        add_generation_prompt=False, continue_final_message=False, **kwargs):
    """apply_chat_template(..., tokenize=False) for one conversation, as transformers 4.x does it."""
    compiled = compile_template(source)
    if continue_final_message and add_generation_prompt:
        raise ValueError(
            "continue_final_message and add_generation_prompt are not compatible. Use continue_final_message when "
            "you want the model to continue the final message, and add_generation_prompt when you want to add a "
            "header that will prompt it to start a new assistant message instead."
        )
    if tools is not None:
        for tool in tools:
            if not isinstance(tool, dict):
                raise ValueError(
                    "Tools should either be a JSON schema, or a callable function with type hints "
                    "and a docstring suitable for auto-conversion to a schema."
                )
    if documents is not None:
        for document in documents:
            if not isinstance(document, dict):
                raise TypeError("Documents should be a list of dicts with 'title' and 'text' keys!")
    template_kwargs = {**special_tokens_map(tokens, additional), **kwargs}
    rendered = compiled.render(messages=messages, tools=tools, documents=documents,
                               add_generation_prompt=add_generation_prompt, **template_kwargs)
    if continue_final_message:
        final_message = messages[-1]["content"]
        if isinstance(final_message, (list, tuple)):
            for content_block in reversed(final_message):
                if "text" in content_block:
                    final_message = content_block["text"]
                    break
            else:
                raise ValueError(
                    "continue_final_message is set but we could not find any text to continue"
                    "in the final message!"
                )
        if final_message.strip() not in rendered:
            raise ValueError(
                "continue_final_message is set but the final message does not appear in the chat after "
                "applying the chat template! This can happen if the chat template deletes portions of "
                "the final message. Please verify the chat template and final message in your chat to "
                "ensure they are compatible."
            )
        final_msg_loc = rendered.rindex(final_message.strip())
        if rendered[final_msg_loc: final_msg_loc + len(final_message.lstrip())] == final_message:
            rendered = rendered[: final_msg_loc + len(final_message.lstrip())]
        else:
            rendered = rendered[: final_msg_loc + len(final_message.strip())]
    return rendered


def outcome(render):
    """Runs render() and records its text or its error."""
    try:
        return {"expected": render()}
    except Exception as e:  # noqa: BLE001 - every error is a recorded outcome
        error = {"type": type(e).__name__, "message": str(e)}
        if isinstance(e, jinja2.exceptions.TemplateSyntaxError):
            error["line"] = e.lineno
        return {"error": error}


# ---------------------------------------------------------------------------------------------
# the chat-template corpus
# ---------------------------------------------------------------------------------------------

def tokenizer_config_template(config_path):
    """Template and tokens of a tokenizer_config.json (the test resources' configs); only transformers'
    special_tokens_map names reach the template (see special_tokens_map), as HfTokenizerConfig gives them."""
    config = json.loads(config_path.read_text(encoding="utf-8"))
    template = config["chat_template"]
    if isinstance(template, list):
        template = next(entry["template"] for entry in template if entry["name"] == "default")
    tokens = {}
    for name, value in config.items():
        if name.endswith("_token"):
            if isinstance(value, str):
                tokens[name] = value
            elif isinstance(value, dict) and isinstance(value.get("content"), str):
                tokens[name] = value["content"]
    return template, tokens


def load_templates():
    specs = json.loads((HERE / "templates" / "templates.json").read_text(encoding="utf-8"))
    templates = []
    for name, spec in specs.items():
        if "tokenizer_config" in spec:
            source, tokens = tokenizer_config_template(RESOURCES / spec["tokenizer_config"])
        else:
            source = (HERE / "templates" / spec["file"]).read_text(encoding="utf-8")
            tokens = spec.get("special_tokens", {})
        templates.append((name, source, tokens, spec.get("additional_special_tokens", []),
                          set(spec.get("features", [])), spec.get("kwargs", [{}])))
    return templates


def load_conversations():
    conversations = []
    for path in sorted((HERE / "conversations").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        conversations.append((path.name, data))
    return conversations


def corpus_cases():
    cases = []
    for name, source, tokens, additional, features, template_kwargs in load_templates():
        for conversation_file, conversation in load_conversations():
            if not set(conversation.get("requires", [])) <= features:
                continue
            messages = conversation["messages"]
            option_sets = [{"add_generation_prompt": False}, {"add_generation_prompt": True}]
            if messages and messages[-1]["role"] == "assistant":
                option_sets.append({"continue_final_message": True})
                if conversation_file == "prefill.json":  # the combination transformers refuses
                    option_sets.append({"add_generation_prompt": True, "continue_final_message": True})
            kwargs_sets = template_kwargs + [k for k in conversation.get("kwargs", []) if k not in template_kwargs]
            for options in option_sets:
                for kwargs in kwargs_sets:
                    case_id = "/".join([name, conversation_file[:-5]] + [f"{k}={json.dumps(v)}"
                                                                       for k, v in {**options, **kwargs}.items()])
                    case = {"id": case_id, "template": name, "conversation": conversation_file,
                            "add_generation_prompt": options.get("add_generation_prompt", False),
                            "continue_final_message": options.get("continue_final_message", False),
                            "kwargs": kwargs}
                    case.update(outcome(lambda: apply_chat_template(
                        source, tokens, additional, [dict(m) for m in messages],
                        tools=conversation.get("tools"), documents=conversation.get("documents"),
                        add_generation_prompt=case["add_generation_prompt"],
                        continue_final_message=case["continue_final_message"], **kwargs)))
                    cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------------
# the Jinja2 feature corpus
# ---------------------------------------------------------------------------------------------

FEATURES = []


def case(name, template, **context):
    FEATURES.append((name, template, context))


MESSAGES = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Hi there"},
    {"role": "assistant", "content": "Hello!"},
]

# --- whitespace control and lexing ---
case("ws/trim-blocks-removes-one-newline", "{% if true %}\nA\n{% endif %}\nB\n\n")
case("ws/lstrip-blocks-block-tag", "  {% if true %}\n  x\n  {% endif %}\ny")
case("ws/lstrip-blocks-not-variables", "  {{ 'v' }}\n  {% if true %}b{% endif %}")
case("ws/lstrip-tabs-and-spaces", "a\n \t {% if true %}X{% endif %}\n")
case("ws/lstrip-only-after-newline", "a  {% if true %}X{% endif %}")
case("ws/lstrip-at-template-start", "   {% if true %}X{% endif %}")
case("ws/plus-disables-lstrip", "a\n   {%+ if true %}X{% endif %}")
case("ws/plus-disables-trim", "{% if true +%}\nX{% endif %}")
case("ws/minus-block-both-sides", "a  \n {%- if true -%}  \n X \n {%- endif -%} \n b")
case("ws/minus-variable", "a \n {{- 'x' -}} \n b")
case("ws/minus-comment", "a \n {#- note -#} \n b")
case("ws/comment-lstrip-and-trim", "a\n  {# note #}\nb")
case("ws/comment-multiline", "a{# one\ntwo #}b\n{{ x }}", x=1)
case("ws/variable-keeps-newline", "{{ 'a' }}\n{{ 'b' }}\n")
case("ws/trailing-newline-dropped-once", "x\n\n")
case("ws/crlf-normalized", "a\r\nb\rc\r\n{% if true %}\r\nd{% endif %}")
case("ws/minus-strips-unicode-space", "a\u00a0\u3000{{- 'b' }}")
case("ws/llama-style-chain",
     "{{- bos }}\n{%- for m in messages %}\n    {{- '<h>' + m.role + '</h>\\n\\n' + m.content | trim + '<e>' }}\n{%- endfor %}\n"
     "{%- if add_generation_prompt %}\n    {{- '<h>assistant</h>\\n\\n' }}\n{%- endif %}\n",
     bos="<s>", messages=MESSAGES, add_generation_prompt=True)
case("ws/indented-blocks-no-minus",
     "{% for m in messages %}\n    {% if m.role == 'user' %}\n        U:{{ m.content }}\n    {% endif %}\n{% endfor %}",
     messages=MESSAGES)
case("ws/raw-block", "{% raw %}{{ not evaluated }}{% endraw %}")
case("ws/raw-with-minus", "a {%- raw -%} {{ x }} {%- endraw -%} b")
case("ws/raw-lstrip", "a\n  {% raw %}X\n  {% endraw %}\nb")
case("lex/string-escapes", "{{ 'a\\tb\\nc\\\\d\\'e\\x41\\u00e9\\N{BULLET}\\101\\q' }}")
case("lex/double-quotes", '{{ "it\'s \\"q\\"" }}')
case("lex/adjacent-strings-concatenate", "{{ 'a' \"b\" 'c' }}")
case("lex/integers", "{{ 0 }} {{ 1_000 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 12345678901234567890 }}")
case("lex/floats", "{{ 1.5 }} {{ 1e3 }} {{ 2.5E-3 }} {{ 1_0.2_5 }}")
case("lex/literals-lowercase-and-python", "{{ true }} {{ True }} {{ false }} {{ False }} {{ none }} {{ None }}")
case("lex/brackets-keep-end-tags-inside", "{{ {'a': {'b': 1}} }}")
case("lex/unicode-text", "héllo → 世界 😀 {{ 'ünï' }}")
case("lex/error-unclosed-block", "{% if true %}x")
case("lex/error-unknown-tag", "{% frobnicate %}")
case("lex/error-nesting", "{% for x in y %}{% endif %}")
case("lex/error-unexpected-char", "{{ 1 ? 2 }}")
case("lex/error-bad-escape", "{{ '\\x4' }}")
case("lex/error-unbalanced", "line1\n{{ (1 }}")
case("lex/error-missing-comment-end", "a {# never closed")
case("lex/error-expected-token", "{% for x y %}{% endfor %}")
case("lex/error-line-number", "a\nb\n{% if %}\n")

# --- expressions and operators ---
case("op/arithmetic", "{{ 7 + 2 }} {{ 7 - 2 }} {{ 7 * 2 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ 7 % 2 }} {{ 2 ** 10 }}")
case("op/floor-and-mod-negative", "{{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ -7.5 // 2 }} {{ -7.5 % 2 }} {{ 7.5 % -2 }}")
case("op/true-division-float", "{{ 6 / 3 }} {{ 1 / 3 }} {{ 10 / 4 }}")
case("op/int-float-mix", "{{ 1 + 1.0 }} {{ 2 * 0.5 }} {{ 3 - 1.5 }} {{ true + 1 }}")
case("op/big-integers", "{{ 2 ** 100 }} {{ 9223372036854775807 + 1 }} {{ -9223372036854775808 - 1 }} {{ 10 ** 20 // 3 }}")
case("op/pow-left-assoc-and-negation", "{{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 2 ** -1 }}")
case("op/string-concat-and-repeat", "{{ 'a' + 'b' }} {{ 'ab' * 3 }} {{ 2 * 'x' }} {{ [1] * 2 }} {{ [1] + [2] }}")
case("op/tilde-concat", "{{ 'x' ~ 1 ~ none ~ true ~ 1.5 ~ [1] ~ undefined_thing }}")
case("op/tilde-binds-tighter-than-plus", "{{ 'a' ~ 1 + 2 }}")
case("op/unary", "{{ -3 }} {{ +3 }} {{ -(1.5) }} {{ not 0 }} {{ not 'x' }}")
case("op/and-or-return-operands", "{{ 0 or 'x' }}|{{ 1 and 'y' }}|{{ none or [] }}|{{ '' and 1 }}|{{ 'a' or 'b' }}")
case("op/precedence", "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 * 3 ** 2 }} {{ not 1 == 2 }} {{ 1 if 0 else 2 + 3 }}")
case("op/filter-binds-tighter", "{{ -1 | abs }} {{ 'a' ~ 'b' | upper }} {{ 1 + [1, 2] | length }}")
case("op/error-div-zero", "{{ 1 / 0 }}")
case("op/error-floordiv-zero", "{{ 1 // 0 }}")
case("op/error-mod-zero", "{{ 1 % 0 }}")
case("op/error-float-div-zero", "{{ 1.0 / 0 }}")
case("op/error-str-plus-int", "{{ 'a' + 1 }}")
case("op/error-int-plus-str", "{{ 1 + 'a' }}")
case("op/error-list-plus-str", "{{ [1] + 'a' }}")
case("op/error-neg-str", "{{ -'a' }}")
case("op/error-str-times-str", "{{ 'a' * 'b' }}")
case("op/error-none-plus", "{{ none + 1 }}")
case("op/error-undefined-plus", "{{ missing + 1 }}")
case("op/percent-format", "{{ '%s-%d-%.2f|%5s|%-5s|%05.1f|%x|%X|%o|%r|%%|%+d|% d|%e|%g|%g' % ('a', 3, 3.14159, 'b', 'c', 2.25, 255, 255, 8, 'q', 4, 5, 12345.678, 0.0001, 123456789.0) }}")
case("op/percent-format-single-and-dict", "{{ '%s!' % 'x' }} {{ '%(a)s=%(b)d' % {'a': 'k', 'b': 2} }} {{ '%s' % [1, 2] }}")
case("op/percent-format-errors", "{{ '%s %s' % ('a',) }}")
case("op/percent-format-extra", "{{ 'x' % 5 }}")
case("op/compare-chain", "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 == 1.0 }} {{ true == 1 }} {{ 1 != 2 }} {{ 2 >= 2 <= 3 }}")
case("op/compare-strings-codepoints", "{{ 'abc' < 'abd' }} {{ 'Z' < 'a' }} {{ '\uffff' < '😀' }} {{ 'a' < 'aa' }}")
case("op/compare-lists", "{{ [1, 2] < [1, 3] }} {{ [1, 2] == [1, 2] }} {{ (1, 2) == [1, 2] }} {{ [1] < [1, 0] }}")
case("op/compare-dicts", "{{ {'a': 1} == {'a': 1.0} }} {{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }} {{ {'a': [1]} != {'a': [2]} }}")
case("op/error-compare-types", "{{ 1 < 'a' }}")
case("op/in-not-in", "{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1, 2] }} {{ 1.0 in [1] }} {{ 'x' in missing }}")
case("op/error-in-string-int", "{{ 1 in 'abc' }}")
case("op/error-in-none", "{{ 1 in none }}")
case("op/conditional", "{{ 'y' if true else 'n' }} {{ 'y' if 0 else 'n' }} [{{ 'y' if false }}] {{ 'a' if false else 'b' if true else 'c' }}")
case("op/error-conditional-no-else-used", "{{ ('a' if false).upper() }}")
case("expr/literals", "{{ [1, 'a', 2.5, none, true] }} {{ (1,) }} {{ () }} {{ (1, 'a') }} {{ {'k': 'v', 1: [2]} }} {{ [] }} {{ {} }}")
case("expr/tuple-without-parens", "{% set t = 1, 2 %}{{ t }}")
case("expr/attribute-and-item", "{{ d.a }} {{ d['a'] }} {{ d.n.x }} {{ d['n']['x'] }} {{ xs.0 }} {{ xs[1] }} {{ xs[-1] }}",
     d={"a": 1, "n": {"x": "y"}}, xs=[10, 20, 30])
case("expr/missing-key-is-undefined", "[{{ d.b }}][{{ d['b'] }}][{{ xs[5] }}][{{ d.b is defined }}][{{ xs[1.0] }}]",
     d={"a": 1}, xs=[1, 2])
case("expr/dict-method-wins-over-key", "{{ d['items'] }} {{ d.items() | list }}", d={"items": 5, "a": 1})
case("expr/item-falls-back-to-method", "{{ d['keys']() | list }}", d={"a": 1})
case("expr/none-attribute-is-undefined", "[{{ n.x }}][{{ n['x'] }}]", n=None)
case("expr/string-index", "{{ s[0] }} {{ s[-1] }} {{ s.1 }} [{{ s[10] }}]", s="héllo😀")
case("expr/slices", "{{ xs[1:] }} {{ xs[:2] }} {{ xs[::-1] }} {{ xs[::2] }} {{ xs[-2:] }} {{ xs[5:] }} {{ xs[1:-1] }} {{ xs[3:0:-1] }}",
     xs=[1, 2, 3, 4, 5])
case("expr/string-slices-codepoints", "{{ s[::-1] }}|{{ s[1:3] }}|{{ s[-2:] }}|{{ s | length }}", s="a😀bé")
case("expr/tuple-slice", "{{ (1, 2, 3)[1:] }}")
case("expr/error-slice-step-zero", "{{ [1, 2][::0] }}")
case("expr/slice-constant-folded-undefined", "[{{ [1, 2]['a':] }}]")
case("expr/error-slice-non-int-at-runtime", "{% set y = [1, 2]['a':] %}{{ y }}")
case("expr/error-slice-variable-bad-bound", "{{ xs['a':] }}", xs=[1, 2])
case("expr/error-slice-none", "{{ n[1:] }}", n=None)
case("expr/error-slice-undefined", "{{ missing[1:] }}")
case("expr/error-slice-dict", "{{ d[1:] }}", d={"a": 1})
case("expr/error-slice-generator", "{{ (d | items)[1:] }}", d={"a": 1})
case("expr/slice-range", "{{ range(10)[2:8:2] }} {{ range(10)[::-1] }} {{ range(5)[1:] | list }}")
case("expr/calls-keyword-args", "{{ 'a,b,c'.split(',', maxsplit=1) }} {{ 'x'.center(5, '*') }}")
case("expr/call-star-args", "{{ 'a-b-c'.split(*['-', 1]) }} {{ dict(**{'k': 1}) }}")
case("expr/error-call-not-callable", "{{ 'abc'() }}")
case("expr/error-call-undefined", "{{ nothing() }}")
case("expr/error-attribute-of-undefined", "{{ nothing.attr }}")
case("expr/error-missing-method", "{{ 'abc'.nope() }}")
case("expr/error-item-of-missing-element", "{{ xs[5].c }}", xs=[1])
case("expr/error-dict-literal-unhashable", "{{ {[1]: 2} }}")
case("expr/dict-literal-equal-keys", "{{ {1: 'a', true: 'b', 1.0: 'c', 'x': 1, 'x': 2} }}")

# --- printing values: Python str() and repr() ---
case("repr/scalars", "{{ none }} {{ true }} {{ false }} {{ 0 }} {{ -5 }} {{ 1.0 }} {{ 'text' }}")
case("repr/floats", "{{ 1e-5 }} {{ 0.0001 }} {{ 100000.0 }} {{ 1e16 }} {{ 1e15 }} {{ 0.1 + 0.2 }} {{ 1 / 3 }} {{ 2.5e-7 }} {{ -0.0 }} {{ 1e22 }} {{ 123456789012345678.0 }} {{ 1.5e300 * 1e10 }} {{ 5e-324 }} {{ 0.3 }} {{ 2 / 3 }}")
case("repr/special-floats", "{{ 'inf' | float }} {{ '-inf' | float }} {{ 'nan' | float }}")
case("repr/containers", "{{ [1, 'a', none, true, 1.5, [2], {'k': (3,)}] }}")
case("repr/string-quotes", "{{ [\"it's\", 'a\"b', \"both'\\\"\", 'plain', ''] }}")
case("repr/string-escapes", "{{ ['x\\ny', 'tab\\t', 'cr\\r', 'bell\\x07', 'del\\x7f', 'back\\\\slash', 'nbsp\\xa0', 'zw\\u200b', 'é', '世', '😀', '\\u2028'] }}")
case("repr/dict-in-dict", "{{ messages[0] }}", messages=MESSAGES)
case("repr/content-parts", "{{ m.content }}", m={"role": "user", "content": [{"type": "text", "text": "hi"}]})
case("repr/undefined-in-list", "{{ [missing] }}")
case("repr/namespace-and-range", "{{ namespace(a=1) }} {{ range(3) }} {{ range(1, 9, 2) }}")
case("repr/dict-views", "{{ d.items() }} {{ d.keys() }} {{ d.values() }}", d={"a": 1, "b": [2]})
case("repr/macro", "{% macro m() %}{% endmacro %}{{ m }}")
case("repr/loop", "{% for x in [1, 2] %}{{ loop }}{% endfor %}")
case("repr/int-float-from-context", "{{ i }} {{ f }} {{ big }} {{ [i, f] }}", i=1, f=1.0, big=12345678901234567890123)

# --- if / for / loop ---
case("if/elif-else", "{% for n in [1, 2, 3] %}{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %} {% endfor %}")
case("if/truthiness", "{% for v in [0, 1, '', 'a', [], [0], {}, {'a': 1}, none, 0.0, missing] %}{{ 'T' if v else 'F' }}{% endfor %}")
case("if/tuple-test", "{% if 1, 2 %}yes{% endif %}")
case("for/basic", "{% for x in xs %}{{ x }},{% endfor %}", xs=[1, 2, 3])
case("for/loop-vars",
     "{% for x in xs %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }}/{{ loop.depth }};{% endfor %}",
     xs=["a", "b", "c"])
case("for/previtem-nextitem", "{% for x in xs %}[{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}]{% endfor %}", xs=[1, 2, 3])
case("for/cycle", "{% for x in xs %}{{ loop.cycle('odd', 'even') }} {% endfor %}", xs=[1, 2, 3])
case("for/changed", "{% for x in xs %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}", xs=[1, 1, 2, 2, 1])
case("for/else", "{% for x in [] %}{{ x }}{% else %}empty{% endfor %}|{% for x in [1] %}{{ x }}{% else %}empty{% endfor %}")
case("for/else-on-undefined", "{% for x in missing %}{{ x }}{% else %}none{% endfor %}")
case("for/filter", "{% for x in xs if x is odd %}{{ loop.index }}:{{ x }}/{{ loop.length }} {% endfor %}", xs=[1, 2, 3, 4, 5])
case("for/filter-else", "{% for x in xs if x > 10 %}{{ x }}{% else %}nothing{% endfor %}", xs=[1, 2])
case("for/unpack-items", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", d={"b": 1, "a": 2})
case("for/unpack-pairs", "{% for a, b in [[1, 2], (3, 4), 'xy'] %}{{ a }}{{ b }} {% endfor %}")
case("for/over-dict-keys", "{% for k in d %}{{ k }}{% endfor %}", d={"x": 1, "y": 2})
case("for/over-string", "{% for c in 'hé😀' %}[{{ c }}]{% endfor %}")
case("for/nested-loop-outer", "{% for a in [1, 2] %}{% set outer = loop %}{% for b in [3, 4] %}{{ outer.index }}{{ loop.index }} {% endfor %}{% endfor %}")
case("for/reverse-slice", "{% for m in messages[::-1] %}{{ m.role }} {% endfor %}", messages=MESSAGES)
case("for/break-continue", "{% for x in range(10) %}{% if x is even %}{% continue %}{% endif %}{% if x > 6 %}{% break %}{% endif %}{{ x }}{% endfor %}")
case("for/else-after-break-first", "{% for x in [1, 2] %}{% break %}{% else %}E{% endfor %}done")
case("for/else-after-continue-always", "{% for x in [1, 2] %}{{ x }}{% continue %}{% else %}E{% endfor %}done")
case("for/else-skipped-once-completed", "{% for x in [1, 2] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% else %}E{% endfor %}|{% for x in [1, 2] %}{{ x }}{% if x == 2 %}{% break %}{% endif %}{% else %}E{% endfor %}")
case("for/error-break-outside-loop", "{% break %}")
case("for/error-none", "{% for x in none %}{% endfor %}")
case("for/error-int", "{% for x in 5 %}{% endfor %}")
case("for/error-unpack-short", "{% for a, b in [[1]] %}{% endfor %}")
case("for/error-unpack-long", "{% for a, b in [[1, 2, 3]] %}{% endfor %}")
case("for/recursive", "{% for item in tree recursive %}[{{ loop.depth }}:{{ item.n }}{% if item.c %}({{ loop(item.c) }}){% endif %}]{% endfor %}",
     tree=[{"n": "a", "c": [{"n": "b", "c": []}, {"n": "c", "c": [{"n": "d"}]}]}, {"n": "e"}])
case("for/error-loop-not-recursive", "{% for x in [1] %}{{ loop([2]) }}{% endfor %}")

# --- set / scoping / namespace ---
case("set/basic", "{% set x = 1 %}{% set y = x + 1 %}{{ x }}{{ y }}")
case("set/tuple", "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c, d = [3, 4] %}{{ c }}{{ d }}")
case("set/block", "{% set x %}a{{ 1 }}b{% endset %}{{ x }}|{% set y | upper | trim %} q {% endset %}[{{ y }}]")
case("set/if-does-not-scope", "{% if true %}{% set z = 1 %}{% endif %}{{ z }}")
case("set/loop-does-not-leak", "{% set x = 0 %}{% for i in range(3) %}{% set x = x + 1 %}{{ x }}{% endfor %}{{ x }}")
case("set/loop-iteration-fresh", "{% for i in range(3) %}{% if loop.first %}{% set y = 5 %}{% endif %}[{{ y }}]{% endfor %}[{{ y }}]")
case("set/loop-else-does-not-leak", "{% for i in [] %}{% else %}{% set y = 9 %}{% endfor %}[{{ y }}]")
case("set/namespace-in-loop", "{% set ns = namespace(found=false, n=0) %}{% for x in [1, 2, 3] %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.found }} {{ ns.n }}")
case("set/namespace-from-dict", "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}[{{ ns.c }}]")
case("set/error-attribute-on-dict", "{% set d = {} %}{% set d.x = 1 %}")
case("set/error-assign-const", "{% set true = 1 %}")
case("set/shadows-global", "{% set range = 5 %}{{ range }}")
case("set/with-block", "{% with a = 1, b = 2 %}{{ a + b }}{% set c = 3 %}{% endwith %}[{{ a }}{{ c }}]")
case("set/with-values-from-outside", "{% set a = 'out' %}{% with a = 'in', b = a %}{{ a }} {{ b }}{% endwith %}")
case("set/filter-block-scope", "{% filter upper %}{% set q = 'a' %}{{ q }}b{% endfilter %}[{{ q }}]")
case("set/print-tag", "{% print 'a', 1 %}")

# --- macros and call blocks ---
case("macro/defaults-and-kwargs", "{% macro m(a, b='B', c=none) %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}{{ m(1) }} {{ m(1, 2) }} {{ m(1, c=3) }} {{ m(a='x') }}")
case("macro/default-uses-earlier-param", "{% macro m(a, b=a ~ '!') %}{{ b }}{% endmacro %}{{ m('hi') }}")
case("macro/varargs-kwargs", "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1) }}|{{ m(1, 2, 3, k=4) }}")
case("macro/missing-arg-undefined", "{% macro m(a) %}[{{ a }}]{{ a is defined }}{% endmacro %}{{ m() }}")
case("macro/sees-outer-late", "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}")
case("macro/own-scope", "{% macro m() %}{% set inner = 1 %}{{ inner }}{% endmacro %}{{ m() }}[{{ inner }}]")
case("macro/recursion", "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1) | int }}{% endif %}{% endmacro %}{{ fact(5) }}")
case("macro/returns-string", "{% macro m() %}  x  {% endmacro %}[{{ m() | trim }}]{{ m() is string }}")
case("macro/caller", "{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inner{% endcall %}")
case("macro/caller-args", "{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(v) each([1, 2]) %}[{{ v }}]{% endcall %}")
case("macro/call-block-scope", "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}X{% set z = 1 %}{% endcall %}[{{ z }}]")
case("macro/error-too-many-args", "{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}")
case("macro/error-unknown-kwarg", "{% macro m(a) %}{% endmacro %}{{ m(b=2) }}")
case("macro/error-break-in-macro-in-loop", "{% for x in [1] %}{% macro m() %}{% break %}{% endmacro %}{% endfor %}")

# --- filter blocks, generation, comments ---
case("block/filter", "{% filter upper %}hello {{ 'world' }}{% endfilter %}")
case("block/filter-chain", "{% filter trim | title %}   the end   {% endfilter %}")
case("block/generation", "A{% generation %}B{{ 1 }}{% set g = 1 %}{% endgeneration %}C[{{ g }}]")
case("block/generation-whitespace", "{%- for m in messages %}\n{%- if m.role == 'assistant' %}\n{% generation %}{{ m.content }}{% endgeneration %}\n{%- endif %}\n{%- endfor %}", messages=MESSAGES)

# --- filters ---
case("filter/abs", "{{ -3 | abs }} {{ -2.5 | abs }} {{ true | abs }}")
case("filter/abs-error", "{{ 'x' | abs }}")
case("filter/attr", "{{ d | attr('items') is callable }} [{{ d | attr('a') }}] {{ ns | attr('v') }}", d={"a": 1}, ns=None)
case("filter/batch", "{{ [1, 2, 3, 4, 5] | batch(2) | list }} {{ [1, 2, 3] | batch(2, 'x') | list }}")
case("filter/capitalize", "{{ 'hELLO wORLD' | capitalize }} {{ '' | capitalize }} {{ 5 | capitalize }}")
case("filter/center", "[{{ 'ab' | center(7) }}][{{ 'abc' | center(6) }}][{{ 'x' | center }}]")
case("filter/count-length", "{{ [1, 2] | count }} {{ 'hé😀' | length }} {{ {'a': 1} | length }} {{ missing | length }}")
case("filter/length-error", "{{ none | length }}")
case("filter/default", "{{ missing | default('d') }} {{ none | default('d') }} {{ '' | default('d') }} {{ '' | default('d', true) }} {{ 0 | d('z', boolean=true) }} {{ missing | default }}")
case("filter/dictsort", "{{ d | dictsort }} {{ d | dictsort(true) }} {{ d | dictsort(by='value') }} {{ d | dictsort(reverse=true) }}",
     d={"b": 2, "A": 3, "a": 1})
case("filter/dictsort-error", "{{ d | dictsort(by='x') }}", d={"a": 1})
case("filter/escape", "{{ '<a href=\"x\">&\\'</a>' | e }} {{ none | escape }} {{ missing | escape }}")
case("filter/filesizeformat", "{{ 1 | filesizeformat }} {{ 300 | filesizeformat }} {{ 3000 | filesizeformat }} {{ 3000000 | filesizeformat }} {{ 2048 | filesizeformat(true) }}")
case("filter/first-last", "{{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ 'abc' | first }} {{ 'abc' | last }} [{{ [] | first }}] [{{ [] | last }}]")
case("filter/float", "{{ '1.5' | float }} {{ 3 | float }} {{ 'x' | float }} {{ 'x' | float(2.5) }} {{ ' 2e3 ' | float }} {{ none | float }}")
case("filter/float-undefined-error", "{{ missing | float }}")
case("filter/format", "{{ '%s is %d' | format('x', 4) }} {{ '%(a)s' | format(a='k') }} {{ '%.3f' | format(2.0) }}")
case("filter/format-error", "{{ '%s' | format('a', b=1) }}")
case("filter/groupby", "{% for g in users | groupby('city') %}{{ g.grouper }}:{{ g.list | map(attribute='name') | join(',') }};{% endfor %}",
     users=[{"name": "a", "city": "NY"}, {"name": "b", "city": "LA"}, {"name": "c", "city": "ny"}])
case("filter/indent", "[{{ 'a\\nb\\n\\nc' | indent }}][{{ 'a\\nb' | indent(2, true) }}][{{ 'a\\n\\nb' | indent('> ', blank=true) }}]")
case("filter/int", "{{ '42' | int }} {{ '42.9' | int }} {{ 3.9 | int }} {{ -3.9 | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ '0x1A' | int(0, 16) }} {{ '0b11' | int(base=2) }} {{ ' 1_000 ' | int }} {{ true | int }} {{ none | int }}")
case("filter/int-undefined-error", "{{ missing | int }}")
case("filter/items", "{{ d | items | list }} {{ missing | items | list }}", d={"a": 1, "b": 2})
case("filter/items-error", "{{ [1] | items | list }}")
case("filter/join", "{{ [1, 'a', none] | join }} {{ ['x', 'y'] | join(', ') }} {{ users | join('|', attribute='name') }} {{ missing | join(',') }}",
     users=[{"name": "a"}, {"name": "b"}])
case("filter/list", "{{ 'abc' | list }} {{ {'a': 1} | list }} {{ (1, 2) | list }} {{ range(3) | list }}")
case("filter/lower-upper", "{{ 'ÀbC' | lower }} {{ 'straße' | upper }} {{ none | upper }}")
case("filter/map", "{{ users | map(attribute='name') | list }} {{ ['a', 'b'] | map('upper') | list }} {{ [1.5, 2.5] | map('round') | list }} {{ users | map(attribute='x', default='?') | list }} {{ ['a,b'] | map('replace', ',', ';') | join }}",
     users=[{"name": "a"}, {"name": "b"}])
case("filter/map-nested-attribute", "{{ items | map(attribute='f.n') | list }} {{ items | map(attribute='l.0') | list }}",
     items=[{"f": {"n": 1}, "l": [7]}, {"f": {"n": 2}, "l": [8]}])
case("filter/map-error-unknown-filter", "{{ [1] | map('nope') | list }}")
case("filter/max-min", "{{ [3, 1, 2] | max }} {{ [3, 1, 2] | min }} {{ ['b', 'A', 'c'] | max }} {{ ['b', 'A', 'c'] | max(case_sensitive=true) }} {{ users | max(attribute='age') }} [{{ [] | max }}]",
     users=[{"name": "a", "age": 3}, {"name": "b", "age": 5}])
case("filter/pprint", "{{ {'b': 1, 'a': [1, 2]} | pprint }}")
case("filter/replace", "{{ 'aaa' | replace('a', 'b') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ 'abc' | replace('', '-') }} {{ 123 | replace('2', 'x') }}")
case("filter/reverse", "{{ 'abc😀' | reverse }} {{ [1, 2, 3] | reverse | list }} {{ (1, 2) | reverse | list }}")
case("filter/round", "{{ 3 | round }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 3.14159 | round(2) }} {{ 2.675 | round(2) }} {{ 3.1 | round(method='ceil') }} {{ 3.9 | round(0, 'floor') }} {{ 1234 | round(-2) }} {{ -0.4 | round }} {{ 3 | round(method='ceil') }}")
case("filter/round-error", "{{ 3.1 | round(method='up') }}")
case("filter/safe-string", "{{ 5 | safe }} {{ none | string }} {{ [1] | string }} {{ (5 | string) is string }}")
case("filter/select-reject", "{{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3, 4] | reject('odd') | list }} {{ [0, 1, '', 'a'] | select | list }} {{ [1, 5, 10] | select('>', 4) | list }} {{ [1, 2, 3] | select('in', [2, 3]) | list }}")
case("filter/selectattr", "{{ messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | list }} {{ messages | rejectattr('role', 'eq', 'system') | list | length }} {{ items | selectattr('on') | list }}",
     messages=MESSAGES, items=[{"on": True, "n": 1}, {"on": False, "n": 2}])
case("filter/select-generator-truthy", "{{ 'yes' if [] | select else 'no' }} {{ 'yes' if [] | select | list else 'no' }}")
case("filter/select-error-unknown-test", "{{ [1] | select('nope') | list }}")
case("filter/slice", "{{ [1, 2, 3, 4, 5] | slice(2) | list }} {{ [1, 2, 3, 4] | slice(3, 'x') | list }}")
case("filter/sort", "{{ [3, 1, 2] | sort }} {{ ['b', 'A', 'c'] | sort }} {{ ['b', 'A', 'c'] | sort(case_sensitive=true) }} {{ [3, 1, 2] | sort(reverse=true) }} {{ users | sort(attribute='age') | map(attribute='n') | list }} {{ users | sort(attribute='age,n') | map(attribute='n') | list }}",
     users=[{"n": "x", "age": 3}, {"n": "a", "age": 1}, {"n": "b", "age": 3}])
case("filter/sort-error-mixed", "{{ [1, 'a'] | sort }}")
case("filter/striptags", "{{ '<p>Hello <b>world</b></p>\\n  <!-- c -->&amp; more' | striptags }}")
case("filter/sum", "{{ [1, 2, 3] | sum }} {{ [1.5, 2] | sum }} {{ users | sum(attribute='age') }} {{ [1] | sum(start=10) }} {{ [[1], [2]] | sum(start=[]) }}",
     users=[{"age": 3}, {"age": 4}])
case("filter/title", "{{ 'hello wORLD-foo (bar) x_y' | title }} {{ \"they're\" | title }}")
case("filter/tojson", "{{ d | tojson }}", d={"a": [1, 2.0, None, True], "é": "ü😀\n\"\\", "n": {"x": {}}, "e": []})
case("filter/tojson-indent", "{{ d | tojson(indent=4) }}", d={"name": "f", "parameters": {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}, "empty": {}, "list": []})
case("filter/tojson-options", "{{ d | tojson(separators=(',', ':')) }} {{ d | tojson(sort_keys=true) }} {{ d | tojson(ensure_ascii=true) }} {{ d | tojson(indent=2, separators=(', ', ': ')) }}",
     d={"b": "é😀\u007f", "a": [1, 2]})
case("filter/tojson-scalars", "{{ 'x' | tojson }} {{ 1.0 | tojson }} {{ 1e20 | tojson }} {{ none | tojson }} {{ (1, 2) | tojson }} {{ {1: 'a', none: 'b', true: 'c', 1.5: 'd'} | tojson }} {{ 'inf' | float | tojson }}")
case("filter/tojson-error-undefined", "{{ missing | tojson }}")
case("filter/trim", "[{{ '  a b  ' | trim }}][{{ 'xxaxx' | trim('x') }}][{{ '\\t\\n a \\u3000' | trim }}]")
case("filter/truncate", "{{ 'foo bar baz qux' | truncate(9) }} {{ 'foo bar baz qux' | truncate(9, true) }} {{ 'foo bar baz qux' | truncate(11, false, '…', 0) }} {{ 'short' | truncate(3, leeway=5) }}")
case("filter/unique", "{{ [1, 2, 1, 3, 2] | unique | list }} {{ ['a', 'A', 'b'] | unique | list }} {{ ['a', 'A'] | unique(case_sensitive=true) | list }} {{ users | unique(attribute='c') | map(attribute='n') | list }}",
     users=[{"n": 1, "c": "x"}, {"n": 2, "c": "x"}, {"n": 3, "c": "y"}])
case("filter/wordcount", "{{ 'hello, big  world! 123 x_y é' | wordcount }}")
case("filter/error-unknown-at-parse", "{{ x | nofilter }}")
case("filter/unknown-in-if-deferred", "{% if false %}{{ x | nofilter }}{% endif %}ok")
case("filter/unknown-in-if-runtime-error", "{% if true %}{{ x | nofilter }}{% endif %}")
case("filter/unknown-in-conditional-deferred", "{{ x | nofilter if false else 'ok' }}")
case("filter/unknown-in-loop-inside-if", "{% if false %}{% for a in b %}{{ a | nofilter }}{% endfor %}{% endif %}")
case("filter/error-unknown-test-at-parse", "{{ x is notatest }}")

# --- tests ---
case("test/defined-undefined-none", "{{ x is defined }} {{ missing is defined }} {{ missing is undefined }} {{ none is none }} {{ x is not none }}", x=0)
case("test/types", "{{ true is boolean }} {{ 1 is boolean }} {{ 1 is integer }} {{ true is integer }} {{ 1.0 is float }} {{ 1 is number }} {{ true is number }} {{ 'a' is string }} {{ {} is mapping }} {{ [] is mapping }}")
case("test/true-false", "{{ true is true }} {{ 1 is true }} {{ false is false }} {{ 0 is false }}")
case("test/iterable-sequence-callable", "{{ [] is iterable }} {{ 'a' is iterable }} {{ 1 is iterable }} {{ {} is sequence }} {{ 'a' is sequence }} {{ 1 is sequence }} {{ range is callable }} {{ 'x'.upper is callable }} {{ 'x' is callable }} {{ missing is callable }} {{ missing is sequence }}")
case("test/numbers", "{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ 3.0 is odd }}")
case("test/comparisons", "{{ 1 is eq 1 }} {{ 1 is equalto 2 }} {{ 1 is ne 2 }} {{ 2 is gt 1 }} {{ 2 is greaterthan 3 }} {{ 2 is ge 2 }} {{ 1 is lt 2 }} {{ 1 is lessthan 0 }} {{ 1 is le 1 }}")
case("test/symbolic-names-via-select", "{{ [1, 2, 3] | select('==', 2) | list }} {{ [1, 2, 3] | select('!=', 2) | list }} {{ [1, 2, 3] | select('>=', 2) | list }} {{ [1, 2, 3] | reject('<', 2) | list }} {{ [1, 2, 3] | select('<=', 1) | list }}")
case("test/in", "{{ 2 is in [1, 2] }} {{ 'a' is in 'bcd' }}")
case("test/sameas", "{{ none is sameas none }} {{ false is sameas false }} {{ 1 is sameas 1 }} {{ [] is sameas [] }}")
case("test/lower-upper", "{{ 'abc' is lower }} {{ 'aBc' is lower }} {{ 'ABC' is upper }} {{ '12' is upper }}")
case("test/filter-test", "{{ 'upper' is filter }} {{ 'nope' is filter }} {{ 'odd' is test }} {{ 'tojson' is filter }}")
case("test/not-and-args", "{{ x is not defined }} {{ 5 is not divisibleby 2 }} {% if x is defined and x > 1 %}big{% endif %}", x=3)
case("test/escaped", "{{ 'a' is escaped }}")

# --- Python methods ---
case("str/strip", "[{{ '  x  '.strip() }}][{{ 'xxhixx'.strip('x') }}][{{ '  x  '.lstrip() }}][{{ '  x  '.rstrip() }}][{{ '\\n\\t x \\u00a0'.strip() }}][{{ 'abcba'.strip('ab') }}]")
case("str/split", "{{ ' a  b '.split() }} {{ 'a,b,,c'.split(',') }} {{ 'a b c'.split(' ', 1) }} {{ ''.split() }} {{ ''.split(',') }} {{ 'a\\tb\\nc'.split() }} {{ 'a b c'.split(maxsplit=1) }}")
case("str/rsplit", "{{ 'a,b,c'.rsplit(',', 1) }} {{ ' a b c '.rsplit(None, 1) }} {{ 'a,b'.rsplit(',') }}")
case("str/split-think", "{{ text.split('</think>')[-1].lstrip('\\n') }}|{{ text.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}",
     text="<think>\nreasoning here\n</think>\n\nThe answer.")
case("str/error-empty-separator", "{{ 'abc'.split('') }}")
case("str/splitlines", "{{ 'a\\nb\\r\\nc\\rd'.splitlines() }} {{ 'a\\nb\\n'.splitlines(true) }} {{ 'x\\x0by\\u2028z'.splitlines() }}")
case("str/startswith-endswith", "{{ 'hello'.startswith('he') }} {{ 'hello'.endswith('lo') }} {{ 'hello'.startswith(('x', 'h')) }} {{ 'hello'.startswith('l', 2) }} {{ 'hello'.endswith('l', 0, 4) }} {{ 'hello'.startswith('') }}")
case("str/startswith-error", "{{ 'hello'.startswith(1) }}")
case("str/case", "{{ 'hello world'.upper() }} {{ 'HeLLo'.lower() }} {{ \"they're bill's friends\".title() }} {{ 'hELLO wORLD'.capitalize() }} {{ 'HeLLo'.swapcase() }} {{ 'Straße'.casefold() }}")
case("str/replace", "{{ 'a-b-c'.replace('-', '+') }} {{ 'aaaa'.replace('a', 'b', 2) }} {{ 'ab'.replace('', '.') }}")
case("str/find-index-count", "{{ 'hello'.find('l') }} {{ 'hello'.rfind('l') }} {{ 'hello'.find('z') }} {{ 'hello'.index('e') }} {{ 'hello'.rindex('l') }} {{ 'hello'.count('l') }} {{ 'aaa'.count('aa') }} {{ 'hello'.find('l', 3) }} {{ '😀ab'.find('b') }} {{ 'abc'.count('') }}")
case("str/index-error", "{{ 'hello'.index('z') }}")
case("str/join", "{{ ', '.join(['a', 'b']) }} {{ ''.join('abc') }} {{ '-'.join(d) }}", d={"x": 1, "y": 2})
case("str/join-error", "{{ ','.join([1, 2]) }}")
case("str/padding", "[{{ 'ab'.center(6) }}][{{ 'ab'.center(7, '*') }}][{{ 'ab'.ljust(5, '.') }}][{{ 'ab'.rjust(5) }}][{{ '42'.zfill(5) }}][{{ '-42'.zfill(5) }}]")
case("str/prefix-suffix-partition", "{{ 'prefix-x'.removeprefix('prefix-') }} {{ 'x.txt'.removesuffix('.txt') }} {{ 'a=b=c'.partition('=') }} {{ 'a=b=c'.rpartition('=') }} {{ 'abc'.partition('x') }}")
case("str/predicates", "{{ '123'.isdigit() }} {{ 'abc'.isalpha() }} {{ 'a1'.isalnum() }} {{ ' \\t'.isspace() }} {{ 'ABC'.isupper() }} {{ 'abc'.islower() }} {{ 'Hello World'.istitle() }} {{ ''.isdigit() }} {{ 'é'.isalpha() }} {{ '²'.isdigit() }}")
case("str/format", "{{ '{} and {}'.format('a', 'b') }} {{ '{0}{1}{0}'.format('x', 'y') }} {{ 'Hi {name}!'.format(name='Bo') }} {{ '{:>6}|{:<4}|{:^5}|{:.2f}|{:05d}|{:,}|{!r}'.format('r', 'l', 'c', 3.14159, 42, 1234567, 'q') }} {{ '{{literal}} {}'.format(1) }}")
case("str/format-error-mixed", "{{ '{} {0}'.format(1, 2) }}")
case("str/format-error-mixed-other-way", "{{ '{0} {}'.format(1, 2) }}")
case("str/format-error-index", "{{ '{1}'.format(1) }}")
case("str/expandtabs", "{{ 'a\\tb'.expandtabs(4) }}")
case("str/keyword-arguments", "{{ 'a b'.split(sep=' ') }} {{ 'a\\nb'.splitlines(keepends=true) }} {{ 'a\\tb'.expandtabs(tabsize=2) }}")
case("str/error-keyword-not-accepted", "{{ 'abc'.replace('a', 'x', count=1) }}")
case("str/error-keyword-not-accepted-bare-name", "{{ 'abc'.startswith(prefix='a') }}")
case("str/error-invalid-keyword", "{{ 'abc'.split(separator=',') }}")
case("dict/error-get-keyword", "{{ {}.get(1, default=2) }}")
case("dict/methods", "{{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.items() | list }} {{ d.copy() }}", d={"a": 1, "b": 2})
case("dict/items-length", "{{ d.items() | length }} {{ ('a', 1) in d.items() }} {{ 'a' in d.keys() }}", d={"a": 1})
case("list/methods", "{{ xs.index(2) }} {{ xs.count(1) }} {{ xs.copy() }} {{ (1, 2).index(2) }}", xs=[1, 2, 1])
case("list/pop-allowed", "{{ xs.pop() }} {{ xs }} {{ xs.pop(0) }} {{ xs }}", xs=[1, 2, 3])
case("list/index-error", "{{ [1].index(5) }}")
case("sandbox/append-unsafe", "{{ xs.append(4) }}", xs=[1])
case("sandbox/append-prints-empty", "[{{ xs.append }}]", xs=[1])
case("sandbox/dict-update-unsafe", "{{ d.update({'a': 2}) }}", d={"a": 1})
case("sandbox/dunder-unsafe", "{{ d.__class__() }}", d={})
case("sandbox/dunder-prints-empty", "[{{ d.__class__ }}]", d={})
case("sandbox/range-too-big", "{{ range(100001) | length }}")
case("sandbox/str-format-attribute", "{{ '{0.a}-{0[b]}'.format(d) }}", d={"a": 1, "b": 2})

# --- undefined ---
case("undefined/prints-empty", "[{{ missing }}][{{ d.missing }}][{{ missing is defined }}]", d={})
case("undefined/iterates-empty", "{% for x in missing %}{{ x }}{% endfor %}[{{ missing | list }}][{{ missing | length }}]")
case("undefined/falsy", "{{ 'y' if missing else 'n' }} {{ not missing }} {{ missing == missing }} {{ missing == none }}")
case("undefined/default-and-filters", "[{{ missing | upper }}][{{ missing | trim }}][{{ missing | string }}][{{ missing | first }}]")
case("undefined/error-attribute", "{{ missing.x }}")
case("undefined/error-item", "{{ missing['x'] }}")
case("undefined/error-compare", "{{ missing < 1 }}")
case("undefined/error-nested-missing-key", "{{ d.a.b }}", d={})
case("undefined/error-missing-key-call", "{{ d.nope() }}", d={})
case("undefined/loop-previtem-first", "{% for x in [1] %}[{{ loop.previtem }}][{{ loop.nextitem }}]{% endfor %}")

# --- globals ---
case("global/range", "{{ range(3) | list }} {{ range(1, 4) | list }} {{ range(10, 0, -3) | list }} {{ range(0) | list }}")
case("global/range-error", "{{ range(1.5) }}")
case("global/dict", "{{ dict(a=1, b='x') }} {{ dict([('k', 1)]) }} {{ dict({'z': 0}, y=1) }}")
case("global/cycler", "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}{% set _ = c.reset() %}{{ c.next() }}")
case("global/joiner", "{% set j = joiner(' | ') %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}")
case("global/raise-exception", "{{ raise_exception('Roles must alternate: user/assistant/...') }}")
case("global/raise-exception-in-loop", "{% for m in messages %}{% if m.role == 'assistant' %}{{ raise_exception('no assistant at ' ~ loop.index0) }}{% endif %}{% endfor %}",
     messages=MESSAGES)
case("global/raise-exception-non-string", "{{ raise_exception(42) }}")
case("global/strftime-now", "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M:%S') }}|{{ strftime_now('%A %B %-d %j %I%p %y %e') }}")
case("global/strftime-more", "{{ strftime_now('%a %c %D %F %T %U %W %V %G %u %w %%') }}")
case("global/context-shadows-global", "{{ range }}", range="mine")


# --- more edge cases, probing one behaviour each ---
case("ws/raw-minus-variants", "a  {%- raw %} x {% endraw -%}  b|{% raw -%}  y  {%- endraw %}")
case("ws/comment-at-start-lstrip", "  {# c #}\nx")
case("ws/variable-plus-sign", "a\n  {{+ 'b' }}")
case("ws/multiline-tag", "{%\n  if true\n%}\nyes{%\nendif\n%}")
case("ws/lstrip-unicode-space", "a\n\u3000\u00a0{% if true %}x{% endif %}")
case("ws/trailing-crlf-dropped", "x\r\n")
case("ws/block-only-template", "{% if true %}\n{% endif %}\n")
case("ws/lone-braces-in-text", "a { b } {x} {% if true %}{{ '{{' }}{{ '}}' }}{% endif %} %} #}")
case("ws/minus-eats-blank-lines", "a\n\n   \n{%- if true -%}\n\n  b")
case("lex/error-line-after-multiline-tag", "{%\n if true\n%}\n{{ 1 +\n }}")
case("lex/error-variable-plus-end", "{{ x +}}", x=1)
case("undefined/filters", "[{{ missing | join(',') }}][{{ missing | sort }}][{{ missing | sum }}][{{ missing | reverse | list }}][{{ missing | min }}][{{ missing | batch(2) | list }}][{{ missing | capitalize }}][{{ missing | title }}][{{ missing | replace('a', 'b') }}][{{ missing | wordcount }}][{{ missing | unique | list }}][{{ missing | items | list }}][{{ missing | count }}][{{ missing | last }}][{{ missing | map('upper') | list }}][{{ missing | select | list }}][{{ missing | center(3) }}]")
case("undefined/error-abs", "{{ missing | abs }}")
case("undefined/error-dictsort", "{{ missing | dictsort }}")
case("undefined/error-indent", "{{ missing | indent }}")
case("undefined/error-attr-filter", "{{ missing | attr('x') }}")
case("undefined/loop-var-after-loop", "{% for x in [1] %}{% endfor %}[{{ x }}][{{ loop }}]")
case("str/non-bmp", "{{ '😀a'.find('a') }} {{ '😀😀'.count('😀') }} [{{ 'a😀'.center(6) }}] {{ '😀x😀'.split('x') }} {{ 'a😀b'[1] }} {{ 'a😀b'.index('b') }}")
case("op/percent-more", "{{ '%c|%5.2s|%-+5d|%#x|%#o|%.0f|%.0f|%e|%g|%g|%10.3e|%s|%r|%%s' % (128512, 'abc', 3, 255, 8, 2.5, 3.5, 0, 1e-5, 123456789, -1234.5, none, \"it's\") }} {{ '%(a)s %(a)r' % {'a': 'x'} }}")
case("str/format-specs-ok", "{{ '{:+.3e}|{:08.2f}|{:x}|{:#b}|{:*^9}|{:,.2f}|{:%}|{:g}|{}|{:.3}|{:10}|{!r:>6}|{:e}|{:5}|{:<5}|{:>4}|{:.1%}|{:_}|{:>+6.1f}'.format(12345.678, -3.14159, 255, 5, 'mid', 1234567.891, 0.25, 0.00001, 1.0, 3.14159, 3.5, 'a', 0.0, 7, true, 'ab', 0.1234, 1234567, 2.25) }}")
case("str/format-fields", "{{ '{0[0]}-{0[1]}|{x.a}|{1}'.format([7, 8], 'two', x={'a': 'A'}) }}")
case("str/format-specs", "{{ '{:+.3e}|{:08.2f}|{:x}|{:#b}|{:*^9}|{:,.2f}|{:%}|{:g}|{}|{:.3}|{:10}|{!r:>6}|{0[0]}|{:e}|{:5}|{:<5}|'.format(12345.678, -3.14159, 255, 5, 'mid', 1234567.891, 0.25, 0.00001, 1.0, 3.14159, 3.5, 'a', [9], 0.0, 7, true) }}")
case("repr/more-floats", "{{ 1e-7 }} {{ 123.456 }} {{ 1.5e-10 }} {{ 9007199254740993 }} {{ 0.1 * 3 }} {{ -1e-320 }} {{ 1.7976931348623157e308 }} {{ 2.0 ** 0.5 }} {{ 4 ** 0.5 }} {{ 1 / 7 }} {{ 100.0 / 3 }}")
case("op/int-more", "{{ 7 // -2 }} {{ -7 % -3 }} {{ 10 / 4 * 2 }} {{ true + true }} {{ true * 'ab' }} {{ 3 * 1.1 }} {{ 2 ** 62 * 4 }} {{ -(2 ** 63) }} {{ 5 % 2.5 }} {{ -5.5 // 2 }}")
case("op/error-none-less", "{{ none < 1 }}")
case("op/not-in-precedence", "{{ not 1 in [1] }} {{ not 1 in [2] }} {{ 1 is not in [2] }} {{ - -1 }} {{ --1 }} {{ 1 + -1 }}")
case("op/conditional-chain", "{% for x in [1, 2, 3] %}{{ 'a' if x == 1 else 'b' if x == 2 else 'c' }}{% endfor %}")
case("expr/string-index-out-of-range", "[{{ 'abc'[-4] }}][{{ 'abc'[3] }}]")
case("expr/in-dict-items", "{{ ('a', 1) in d.items() }} {{ ['a', 1] in d.items() }} {{ 1 in d.values() }}", d={"a": 1})
case("filter/sort-stability", "{{ ['b', 'B', 'a', 'A'] | sort }} {{ ['b', 'B', 'a', 'A'] | sort(reverse=true) }} {{ [(1, 'b'), (0, 'z'), (1, 'a')] | sort(attribute='0') }}")
case("filter/dictsort-case", "{{ {'b': 1, 'B': 2, 'a': 3} | dictsort }} {{ {'b': 1, 'B': 2, 'a': 3} | dictsort(case_sensitive=true) }}")
case("filter/unique-mixed", "{{ [1, '1', 1.0, true, 'A', 'a'] | unique | list }}")
case("filter/max-min-strings", "{{ ['B', 'a', 'C'] | max }} {{ ['B', 'a', 'C'] | min }} {{ ['B', 'a', 'C'] | min(case_sensitive=true) }}")
case("filter/sum-floats", "{{ [0.1, 0.2, 0.3] | sum }} {{ [1, 2.5] | sum }} {{ [] | sum }}")
case("filter/round-more", "{{ -2.5 | round }} {{ 1.005 | round(2) }} {{ 1234.5678 | round(-2) }} {{ 0.5 | round }} {{ 1.5 | round }} {{ 2.675 | round(2, 'floor') }} {{ -2.5 | round(0, 'ceil') }}")
case("filter/int-float-more", "{{ '  42  ' | int }} {{ '4_2' | int }} {{ '1e3' | int }} {{ '-0x1a' | int(0, 16) }} {{ '012' | int(base=0) }} {{ '1_000.5' | float }} {{ '  -inf ' | float }} {{ '1e' | float }} {{ '.5' | float }} {{ '5.' | float }} {{ 'infinity' | float }} {{ '+1.5' | float }} {{ '1,5' | float }} {{ 2.9999 | int }}")
case("filter/title-apostrophes", "{{ \"o'neil mcdonald-smith (jr)\" | title }} {{ \"o'neil mcdonald-smith (jr)\".title() }}")
case("filter/indent-trailing-newline", "[{{ 'a\\nb\\n' | indent(2) }}][{{ '' | indent(first=true) }}]")
case("filter/wordcount-apostrophe", "{{ \"don't stop\" | wordcount }}")
case("filter/truncate-leeway", "{{ 'Hello World!' | truncate(10) }}|{{ 'Hello wonderful World!' | truncate(10) }}|{{ 'abcdefghijklmno' | truncate(5, true, '') }}")
case("filter/tojson-more", "{{ 'é' | tojson(ensure_ascii=true) }} {{ [[], {}] | tojson(indent=2) }} {{ {'a': [1, {'b': none}]} | tojson(separators=[',', ':']) }} {{ 1e16 | tojson }} {{ -0.0 | tojson }} {{ [1.5, 100000000000000000000] | tojson }}")
case("filter/tojson-error-sort-mixed-keys", "{{ {'a': 1, 2: 3} | tojson(sort_keys=true) }}")
case("filter/tojson-string-indent", "{{ {'a': [1]} | tojson(indent='\\t') }}")
case("filter/striptags-entities", "{{ '&lt;b&gt; &#39;q&#39; &quot;x&quot; &#x41;' | striptags }}")
case("macro/caller-default-args", "{% macro m() %}{{ caller() }}|{{ caller('x') }}{% endmacro %}{% call(v='dflt') m() %}[{{ v }}]{% endcall %}")
case("macro/dyn-kwargs", "{% macro m(a, b) %}{{ a }}{{ b }}{% endmacro %}{{ m(**{'a': 1, 'b': 2}) }}{{ m(*[3, 4]) }}")
case("macro/namespace-mutation", "{% macro bump(ns) %}{% set ns.n = ns.n + 1 %}{% endmacro %}{% set ns = namespace(n=0) %}{{ bump(ns) }}{{ bump(ns) }}{{ ns.n }}")
case("macro/in-loop-sees-loop-var", "{% for x in [1, 2] %}{% macro m() %}{{ x }}{% endmacro %}{{ m() }}{% endfor %}")
case("scope/loop-shadows-outer", "{% set x = 'out' %}{% for x in [1, 2] %}{{ x }}{% endfor %}{{ x }}")
case("scope/with-in-loop", "{% for i in [1, 2] %}{% with j = i * 10 %}{{ j }}{% endwith %}{% endfor %}[{{ j }}]")
case("scope/set-in-nested-if-in-loop", "{% set ns = namespace(last='') %}{% for m in messages %}{% if m.role == 'user' %}{% if true %}{% set ns.last = m.content %}{% set local = 1 %}{% endif %}{% endif %}{% endfor %}{{ ns.last }}[{{ local }}]", messages=MESSAGES)
case("scope/macro-defined-after-use-in-loop", "{% for i in [1] %}{{ m is defined }}{% endfor %}{% macro m() %}{% endmacro %}{{ m is defined }}")
case("expr/strings-with-tag-text", "{{ '{{' ~ '}}' ~ '{%' ~ '%}' }} {# {{ not a tag }} #}")
case("expr/deep-recursion", "{% macro r(n) %}{% if n > 0 %}{{ r(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ r(150) }}")
case("loop/recursive-filter-else", "{% for n in tree recursive if n.keep %}{{ n.v }}{% if n.kids %}<{{ loop(n.kids) }}>{% endif %}{% else %}-{% endfor %}",
     tree=[{"v": 1, "keep": True, "kids": [{"v": 2, "keep": False}, {"v": 3, "keep": True, "kids": []}]}, {"v": 4, "keep": False}])
case("loop/length-of-string-and-dict", "{% for c in 'ab' %}{{ loop.length }}{% endfor %}{% for k in {'x': 1} %}{{ loop.last }}{% endfor %}")

case("str/error-find-bad-bound", "{{ 'abc'.find('a', 'x') }}")
case("op/error-percent-c-range", "{{ '%c' % 1114112 }}")
case("op/error-index-float", "{{ 'ab'.center(5.0) }}")


def feature_cases():
    cases = []
    for name, template, context in FEATURES:
        case_ = {"name": name, "template": template, "context": context}
        case_.update(outcome(lambda: compile_template(template).render(**json.loads(json.dumps(context)))))
        cases.append(case_)
    names = [c["name"] for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit(f"duplicate feature names: {sorted(duplicates)}")
    return cases


def write(path, payload):
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main():
    header = {"generator": "generate.py", "jinja2": jinja2.__version__, "python": sys.version.split()[0],
              "now": FIXED_NOW.isoformat()}
    features = feature_cases()
    write(HERE / "features.json", {**header, "cases": features})
    corpus = corpus_cases()
    write(HERE / "expected.json", {**header, "cases": corpus})
    print(f"features.json: {len(features)} cases; expected.json: {len(corpus)} cases")


if __name__ == "__main__":
    main()
