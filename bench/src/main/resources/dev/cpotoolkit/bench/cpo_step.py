"""The PyTorch-eager baseline of `cpo bench`: the same GPT-2 CPO step as the toolkit.

The Java side writes a model folder (config.json + model.safetensors) and a batch
(JSON); this script builds the same GPT-2 in plain torch (no `transformers`),
loads those weights, and answers commands on stdin, one JSON object per line:

  {"cmd": "steps", "count": N}   -> runs N full CPO steps, replies with the timings
  {"cmd": "steps", "count": N, "autocast": true}
                                 -> the same steps with forward and loss under
                                    torch.autocast("cpu", dtype=torch.bfloat16)
  {"cmd": "matmul", "n": 2048}   -> replies with this process's fp32 matmul rate
  {"cmd": "matmul", "n": 2048, "bf16": true} -> the same for bfloat16 operands
  {"cmd": "quit"}

A step is: forward over the 2B rows, sigmoid CPO loss + cpo_alpha * NLL of the
chosen answers, backward, global-norm clipping and torch.optim.AdamW with
Hugging Face's decay groups (no decay on biases and LayerNorm weights).
"""
import gc
import json
import math
import resource
import struct
import sys
import time

import torch
import torch.nn.functional as F


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: only F32 is supported, got {info['dtype']}")
        start, end = info["data_offsets"]
        flat = torch.frombuffer(bytearray(data[base + start:base + end]), dtype=torch.float32)
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors


class Block(torch.nn.Module):
    def __init__(self, c, heads, inner, eps):
        super().__init__()
        self.heads = heads
        self.ln_1 = torch.nn.LayerNorm(c, eps=eps)
        self.ln_2 = torch.nn.LayerNorm(c, eps=eps)
        # GPT-2's Conv1D: weight stored (in, out), y = x W + b.
        self.attn_c_attn_weight = torch.nn.Parameter(torch.empty(c, 3 * c))
        self.attn_c_attn_bias = torch.nn.Parameter(torch.empty(3 * c))
        self.attn_c_proj_weight = torch.nn.Parameter(torch.empty(c, c))
        self.attn_c_proj_bias = torch.nn.Parameter(torch.empty(c))
        self.mlp_c_fc_weight = torch.nn.Parameter(torch.empty(c, inner))
        self.mlp_c_fc_bias = torch.nn.Parameter(torch.empty(inner))
        self.mlp_c_proj_weight = torch.nn.Parameter(torch.empty(inner, c))
        self.mlp_c_proj_bias = torch.nn.Parameter(torch.empty(c))

    def forward(self, h, allowed):
        b, t, c = h.shape
        d = c // self.heads
        qkv = torch.addmm(self.attn_c_attn_bias, self.ln_1(h).view(-1, c), self.attn_c_attn_weight).view(b, t, 3 * c)
        q, k, v = qkv.split(c, dim=2)
        q, k, v = (x.view(b, t, self.heads, d).transpose(1, 2) for x in (q, k, v))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d)
        # finfo of the scores' own dtype: under autocast they are bfloat16, whose range float32's min overflows.
        scores = scores.masked_fill(~allowed[:, None], torch.finfo(scores.dtype).min)
        y = torch.matmul(scores.softmax(-1), v).transpose(1, 2).reshape(b * t, c)
        h = h + torch.addmm(self.attn_c_proj_bias, y, self.attn_c_proj_weight).view(b, t, c)
        x = torch.addmm(self.mlp_c_fc_bias, self.ln_2(h).view(-1, c), self.mlp_c_fc_weight)
        x = F.gelu(x, approximate="tanh")
        return h + torch.addmm(self.mlp_c_proj_bias, x, self.mlp_c_proj_weight).view(b, t, c)


class Gpt2(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        c = cfg["n_embd"]
        self.wte = torch.nn.Parameter(torch.empty(cfg["vocab_size"], c))
        self.wpe = torch.nn.Parameter(torch.empty(cfg["n_positions"], c))
        inner = cfg.get("n_inner") or 4 * c
        eps = cfg.get("layer_norm_epsilon", 1e-5)
        self.h = torch.nn.ModuleList(Block(c, cfg["n_head"], inner, eps) for _ in range(cfg["n_layer"]))
        self.ln_f = torch.nn.LayerNorm(c, eps=eps)

    def hf_names(self):
        """Maps Hugging Face tensor names to this module's parameters."""
        names = {"transformer.wte.weight": self.wte, "transformer.wpe.weight": self.wpe,
                 "transformer.ln_f.weight": self.ln_f.weight, "transformer.ln_f.bias": self.ln_f.bias}
        for i, block in enumerate(self.h):
            p = f"transformer.h.{i}."
            names[p + "ln_1.weight"] = block.ln_1.weight
            names[p + "ln_1.bias"] = block.ln_1.bias
            names[p + "ln_2.weight"] = block.ln_2.weight
            names[p + "ln_2.bias"] = block.ln_2.bias
            for part in ("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"):
                for kind in ("weight", "bias"):
                    names[p + part + "." + kind] = getattr(block, part.replace(".", "_") + "_" + kind)
        return names

    def forward(self, ids, mask):
        b, t = ids.shape
        pos = torch.arange(t).expand(b, t)
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        allowed = causal[None] & mask.bool()[:, None, :]
        h = self.wte[ids] + self.wpe[pos]
        for block in self.h:
            h = block(h, allowed)
        h = self.ln_f(h)
        return torch.matmul(h, self.wte.t())


def cpo_loss(model, batch, beta, alpha):
    ids, mask, labels = batch
    n = ids.shape[0] // 2
    logits = model(ids, mask)
    shifted = labels[:, 1:].clone()
    logits = logits[:, :-1, :]
    keep = shifted != -100
    shifted[~keep] = 0
    token_logps = torch.gather(logits.log_softmax(-1), 2, shifted.unsqueeze(2)).squeeze(2) * keep
    seq = token_logps.sum(-1)
    margin = beta * (seq[:n] - seq[n:])
    losses = -F.logsigmoid(margin)
    nll = -(token_logps[:n].sum()) / keep[:n].sum()
    return losses.mean() + alpha * nll


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def rss_kib():
    return status_kib("VmRSS:")


def reset_peak_rss():
    """Linux: restart the VmHWM high-water mark, so the peak covers the training steps only."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def main():
    spec = json.loads(sys.stdin.readline())
    torch.set_num_threads(spec.get("threads", 2))
    torch.manual_seed(0)
    cfg = json.load(open(spec["model_dir"] + "/config.json"))
    model = Gpt2(cfg)
    weights = load_safetensors(spec["model_dir"] + "/model.safetensors")
    names = model.hf_names()
    with torch.no_grad():
        for name, param in names.items():
            param.copy_(weights[name])
    batch_json = json.load(open(spec["batch_file"]))
    batch = tuple(torch.tensor(batch_json[k], dtype=torch.long) for k in ("input_ids", "attention_mask", "labels"))
    decay = [p for n, p in names.items() if not (n.endswith(".bias") or "ln_" in n)]
    no_decay = [p for n, p in names.items() if n.endswith(".bias") or "ln_" in n]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": spec["weight_decay"]},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=spec["learning_rate"], betas=(0.9, 0.999), eps=1e-8)
    print(json.dumps({"ready": True, "torch": torch.__version__, "blas": torch.__config__.show().count("OpenBLAS") > 0}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "quit":
            break
        if cmd["cmd"] == "reset_peak":
            del weights
            weights = None
            gc.collect()
            print(json.dumps({"reset": reset_peak_rss()}), flush=True)
            continue
        if cmd["cmd"] == "matmul":
            n = cmd["n"]
            dtype = torch.bfloat16 if cmd.get("bf16") else torch.float32
            a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
            torch.matmul(a, b)
            best = float("inf")
            for _ in range(cmd.get("repeats", 5)):
                start = time.perf_counter()
                torch.matmul(a, b)
                best = min(best, time.perf_counter() - start)
            print(json.dumps({"flops_per_s": 2.0 * n ** 3 / best}), flush=True)
            continue
        steps = []
        # autocast: matmuls in bfloat16, log_softmax and the loss in float32 (autocast's CPU op lists).
        autocast = bool(cmd.get("autocast"))
        for _ in range(cmd["count"]):
            t0 = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                loss = cpo_loss(model, batch, spec["beta"], spec["cpo_alpha"])
            loss_value = loss.item()
            t1 = time.perf_counter()
            loss.backward()
            t2 = time.perf_counter()
            if spec["max_grad_norm"] > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), spec["max_grad_norm"])
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            t3 = time.perf_counter()
            steps.append({"loss": loss_value, "forward": t1 - t0, "backward": t2 - t1, "optimizer": t3 - t2})
        peak = status_kib("VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"steps": steps, "peak_rss_kib": peak, "rss_kib": rss_kib()}), flush=True)


if __name__ == "__main__":
    main()
