"""Writes lora_reference.json: LoRA forward and backward computed in PyTorch.

An independent reference for LoraLayerTest. Run with Debian's python3-torch
(1.13 was used): /usr/bin/python3 make_lora_reference.py

For each base kind (torch.nn.Linear, weight (out, in); GPT-2 Conv1D, weight
(in, out), PEFT's fan_in_fan_out) it draws the base weight and bias, LoRA A
(r, in) and B (out, r) (B non-zero so A's gradient is non-zero too), an input
x and an upstream gradient g, and records
    y      = base(x) + scaling * (x @ A.T) @ B.T
    dA, dB = gradients of sum(y * g) with respect to A and B
    merged = the base weight plus the adapter's update, in the base's layout
with the base weight frozen (requires_grad False), as PEFT leaves it.
"""
import json
import torch

torch.manual_seed(15)
IN, OUT, R, ALPHA = 6, 5, 3, 4.0


def case(kind, rslora):
    scaling = ALPHA / (R ** 0.5) if rslora else ALPHA / R
    weight = torch.randn(OUT, IN) if kind == "linear" else torch.randn(IN, OUT)
    bias = torch.randn(OUT)
    a = torch.randn(R, IN, requires_grad=True)
    b = torch.randn(OUT, R, requires_grad=True)
    x = torch.randn(2, 4, IN)
    g = torch.randn(2, 4, OUT)
    base = torch.nn.functional.linear(x, weight, bias) if kind == "linear" else x @ weight + bias
    y = base + scaling * torch.nn.functional.linear(torch.nn.functional.linear(x, a), b)
    (y * g).sum().backward()
    delta = scaling * (b @ a)
    merged = weight + (delta if kind == "linear" else delta.T)
    flat = lambda t: [float(v) for v in t.detach().reshape(-1)]
    return {
        "kind": kind, "use_rslora": rslora, "in": IN, "out": OUT, "r": R, "lora_alpha": ALPHA,
        "scaling": scaling, "weight": flat(weight), "bias": flat(bias), "lora_A": flat(a), "lora_B": flat(b),
        "x": flat(x), "x_shape": list(x.shape), "upstream": flat(g), "y": flat(y),
        "grad_A": flat(a.grad), "grad_B": flat(b.grad), "merged_weight": flat(merged),
        "torch": torch.__version__,
    }


cases = [case(kind, rslora) for kind in ("linear", "conv1d") for rslora in (False, True)]
with open("lora_reference.json", "w") as out:
    json.dump(cases, out, indent=1)
