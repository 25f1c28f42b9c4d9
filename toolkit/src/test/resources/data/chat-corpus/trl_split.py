#!/usr/bin/env python3
"""Regenerates trl-splits.json: how TRL turns conversational preference rows into text.

Run with Debian's interpreter (needs only Jinja2), after generate.py:

    /usr/bin/python3 toolkit/src/test/resources/data/chat-corpus/trl_split.py

It mirrors, on TRL's main branch (trl/data_utils.py, as the CPO trainer uses it):

* ``maybe_extract_prompt``: a row whose ``prompt`` is missing, or is not a message list while the
  answers are, gets the answers' shared leading messages as its prompt (``extract_prompt``);
* ``apply_chat_template``: the prompt is rendered with the generation prompt when its last message
  is from ``user`` or ``tool`` and continuing the final message when it is from ``assistant``
  (another role is a ValueError); prompt + chosen and prompt + rejected are rendered whole; the
  prompt is cut back to its longest common prefix with the first, then with the second; the answers
  are what follows. The row's ``chat_template_kwargs`` reach every render.

Rendering itself is generate.py's transformers 4.x ``apply_chat_template``. The rows are
``preference-rows.jsonl``; the templates, generate.py's (those not made for tools or documents only).
Each case holds ``expected`` (prompt, chosen, rejected) or ``error`` (type, message).
"""

import json
from itertools import takewhile

import generate

ROWS = generate.HERE / "preference-rows.jsonl"
OUT = generate.HERE / "trl-splits.json"


def is_conversational(value):
    return isinstance(value, list) and value and isinstance(value[0], dict) \
        and "role" in value[0] and "content" in value[0]


def extract_prompt(chosen, rejected):
    for idx in range(min(len(chosen), len(rejected))):
        if chosen[idx] != rejected[idx]:
            if chosen[idx - 1] == " ":
                idx -= 1
            break
    return {"prompt": chosen[:idx], "chosen": chosen[idx:], "rejected": rejected[idx:]}


def maybe_extract_prompt(row):
    if "prompt" in row and row["prompt"] is not None:
        if is_conversational(row["chosen"]) == is_conversational(row["prompt"]):
            return row
    return {**row, **extract_prompt(row["chosen"], row["rejected"])}


def common_prefix(a, b):
    return "".join(x for x, _ in takewhile(lambda pair: pair[0] == pair[1], zip(a, b)))


def split(render, row):
    kwargs = row.get("chat_template_kwargs") or {}
    last_role = row["prompt"][-1]["role"]
    if last_role in ("user", "tool"):
        prompt = render(row["prompt"], add_generation_prompt=True, **kwargs)
    elif last_role == "assistant":
        prompt = render(row["prompt"], continue_final_message=True, **kwargs)
    else:
        raise ValueError(f"Invalid role in the last message: {last_role}")
    prompt_chosen = render(row["prompt"] + row["chosen"], **kwargs)
    prompt = common_prefix(prompt, prompt_chosen)
    prompt_rejected = render(row["prompt"] + row["rejected"], **kwargs)
    prompt = common_prefix(prompt, prompt_rejected)
    return {"prompt": prompt, "chosen": prompt_chosen[len(prompt):], "rejected": prompt_rejected[len(prompt):]}


def main():
    rows = [json.loads(line) for line in ROWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = []
    for name, source, tokens, additional, features, _ in generate.load_templates():
        if "tokenizer_config" in name or features & {"documents_only"}:
            continue

        def render(messages, _source=source, _tokens=tokens, _additional=additional, **options):
            return generate.apply_chat_template(_source, _tokens, _additional, messages, **options)

        for row in rows:
            case = {"template": name, "row": row["id"]}
            try:
                case["expected"] = split(render, maybe_extract_prompt(row))
            except Exception as e:  # noqa: BLE001 - a template's refusal is a recorded outcome
                case["error"] = {"type": type(e).__name__, "message": str(e)}
            cases.append(case)
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT.name}")


if __name__ == "__main__":
    main()
