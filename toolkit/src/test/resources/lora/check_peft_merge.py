"""Checks an adapter folder and its merged model the way PEFT would read them.

An independent reader for LoraMergeReferenceTest, in PyTorch with its own
safetensors parser (Debian's python3-torch has no safetensors package):

    python3 check_peft_merge.py BASE_FOLDER ADAPTER_FOLDER MERGED_FOLDER

It reads adapter_config.json as PEFT's LoraConfig does, and requires of
adapter_model.safetensors what PEFT's set_peft_model_state_dict needs: every
name is base_model.model.<module>.lora_A.weight (r, in) or .lora_B.weight
(out, r), or base_model.model.<parameter> of a module in modules_to_save; the
module exists in the base, and A and B fit its weight. Then it merges as
PEFT's merge_and_unload does, W + scaling * B @ A (transposed for
fan_in_fan_out), scaling = lora_alpha / r (or / sqrt(r) with use_rslora), and
compares every tensor of MERGED_FOLDER/model.safetensors with that. Prints
"ok <n adapted modules>" and exits 0, or prints what is wrong and exits 1.
"""
import json
import math
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = bytearray(body[start:end])
        t = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.empty(0)
        tensors[name] = t.reshape(info["shape"]).float()
    return tensors


def fail(message):
    print(message)
    sys.exit(1)


def main(base_dir, adapter_dir, merged_dir):
    config = json.load(open(adapter_dir + "/adapter_config.json"))
    if config.get("peft_type") != "LORA" or config.get("task_type") != "CAUSAL_LM":
        fail("not a causal-LM LoRA config: %s %s" % (config.get("peft_type"), config.get("task_type")))
    r, alpha = config["r"], config["lora_alpha"]
    scaling = alpha / math.sqrt(r) if config.get("use_rslora") else alpha / r
    fan_in_fan_out = config.get("fan_in_fan_out", False)
    saved_modules = config.get("modules_to_save") or []
    base = read_safetensors(base_dir + "/model.safetensors")
    adapter = read_safetensors(adapter_dir + "/adapter_model.safetensors")
    merged = read_safetensors(merged_dir + "/model.safetensors")
    prefix = "base_model.model."
    expected = {k: v.clone() for k, v in base.items()}
    modules = {}
    for name, tensor in adapter.items():
        if not name.startswith(prefix):
            fail("tensor without PEFT's prefix: " + name)
        inner = name[len(prefix):]
        if inner.endswith(".lora_A.weight") or inner.endswith(".lora_B.weight"):
            module, which = inner[:-len(".lora_A.weight")], inner[-len("A.weight")]
            modules.setdefault(module, {})[which] = tensor
        elif any(inner == m + "." + inner.split(".")[-1] or inner.startswith(m + ".") or (".%s." % m) in "." + inner
                 for m in saved_modules):
            if inner not in base or base[inner].shape != tensor.shape:
                fail("modules_to_save tensor does not fit the base: " + inner)
            expected[inner] = tensor
        else:
            fail("tensor PEFT would not know: " + name)
    for module, pair in modules.items():
        if set(pair) != {"A", "B"}:
            fail("lora_A or lora_B missing for " + module)
        weight = module + ".weight"
        if weight not in base:
            fail("adapted module not in the base: " + module)
        w = base[weight]
        a, b = pair["A"], pair["B"]
        fan_in, fan_out = (w.shape[0], w.shape[1]) if fan_in_fan_out else (w.shape[1], w.shape[0])
        if tuple(a.shape) != (r, fan_in) or tuple(b.shape) != (fan_out, r):
            fail("%s: A %s, B %s do not fit r %d and weight %s" % (module, tuple(a.shape), tuple(b.shape), r,
                                                                   tuple(w.shape)))
        delta = (b @ a) * scaling
        expected[weight] = w + (delta.T if fan_in_fan_out else delta)
    if set(merged) != set(expected):
        fail("merged model tensors differ from the base's: %s" % sorted(set(merged) ^ set(expected)))
    for name, want in expected.items():
        got = merged[name]
        error = (got - want).abs().max().item() if want.numel() else 0.0
        if error > 1e-5:
            fail("%s: merged differs from W + scaling * B @ A by %g" % (name, error))
    print("ok %d" % len(modules))


if __name__ == "__main__":
    main(*sys.argv[1:4])
