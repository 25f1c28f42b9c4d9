"""Writes sacrebleu-cases.json: corpus BLEU and chrF computed by sacreBLEU itself.

Run from the repository root with sacreBLEU importable (pip install sacrebleu, or a
checkout of github.com/mjpost/sacrebleu on PYTHONPATH):

    python3 toolkit/src/test/resources/dev/cpotoolkit/metrics/generate_sacrebleu_cases.py

The corpora: the toy translation test set's chosen answers as references and its
rejected answers (near misses) as hypotheses, the same with every fifth hypothesis
damaged further, and mixed-script text with punctuation, numbers, HTML entities,
no-break spaces and an emoji, scored against two reference streams.
"""
import json
import random

import sacrebleu

rows = [json.loads(line) for line in open("datasets/toy-mt/test.jsonl", encoding="utf-8")]
refs = [r["chosen"].strip() for r in rows][:300]
near = [r["rejected"].strip() for r in rows][:300]
rng = random.Random(7)
damaged = []
for i, hyp in enumerate(near):
    words = hyp.split()
    if i % 5 == 0 and len(words) > 2:
        del words[rng.randrange(len(words))]
        rng.shuffle(words)
    damaged.append(" ".join(words))

mixed_hyps = [
    "It wasn't surprising, was it?",
    "The price rose 3.5% to $1,200 -- a record.",
    "Das Verh\u00e4ltnis ist nicht gerade freundlich\u00a0!",
    "&quot;Quoted&quot; text &amp; more &lt;tags&gt;",
    "Emoji \U0001F415 bit the man.",
    "",
    "THE DOG BIT THE MAN.",
]
mixed_refs = [
    ["It was not surprising, was it?", "No one was surprised."],
    ["The price rose 3.5 % to $1,200 - a record.", "Prices hit a record 1,200 dollars."],
    ["Das Verh\u00e4ltnis ist nicht gerade freundschaftlich!", None],
    ["\"Quoted\" text & more <tags>", "Quoted text and more tags"],
    ["The dog \U0001F415 bit the man.", "Emoji bit the man."],
    ["An empty hypothesis.", "Nothing."],
    ["The dog bit the man.", "the dog bit the man."],
]


def case(name, hyps, ref_streams):
    return {
        "name": name,
        "hypotheses": hyps,
        "references": ref_streams,
        "bleu": sacrebleu.corpus_bleu(hyps, ref_streams).score,
        "bleu_lowercase": sacrebleu.corpus_bleu(hyps, ref_streams, lowercase=True).score,
        "bleu_tokenize_none": sacrebleu.corpus_bleu(hyps, ref_streams, tokenize="none").score,
        "chrf": sacrebleu.corpus_chrf(hyps, ref_streams).score,
        "chrf_plus_plus": sacrebleu.corpus_chrf(hyps, ref_streams, word_order=2).score,
    }


cases = [
    case("toy-mt near misses", near, [refs]),
    case("toy-mt damaged", damaged, [refs]),
    case("mixed text, two references", mixed_hyps, [[r[0] for r in mixed_refs], [r[1] for r in mixed_refs]]),
]
out = "toolkit/src/test/resources/dev/cpotoolkit/metrics/sacrebleu-cases.json"
with open(out, "w", encoding="utf-8") as f:
    json.dump({"sacrebleu_version": sacrebleu.__version__, "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", out, [(c["name"], round(c["bleu"], 4), round(c["chrf"], 4)) for c in cases])
