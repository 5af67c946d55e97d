#!/usr/bin/env python3
"""Plain PyTorch twin of lm-core's GptModel: the interop check and the benchmark anchor.

Same architecture and tensor names as org.smalltolarge.lm.GptModel (see lm-core/README.md):
token + learned position embeddings, pre-LayerNorm blocks (causal multi-head attention with a fused
q/k/v projection, GELU MLP of width 4*d), final LayerNorm, output head tied to the token embedding.

  gpt_torch.py logits WEIGHTS.safetensors TOKENS.json OUT.json   # logits for the token rows in TOKENS.json
  gpt_torch.py bench --threads 1,2 --seconds 8 --out torch.json  # matmul peak, train and score tokens/s

Needs only torch and numpy (Debian: apt-get install python3-torch; run with /usr/bin/python3).
"""
import argparse
import ctypes
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {  # name: (vocab, context, d_model, layers, heads) -- the same as LmBenchmark.CONFIGS
    "0.2M": (257, 128, 64, 4, 4),
    "1M": (257, 128, 128, 5, 4),
    "5M": (257, 128, 256, 6, 8),
}
BATCH = 32


# GptModel's attention query block (CPU) for the benchmark, so both engines do the same work; the interop check keeps
# the one-block textbook form (None) as the independent reference.
ENGINE_QUERY_BLOCK = 64


class Attention(nn.Module):
    def __init__(self, d, heads, query_block):
        super().__init__()
        self.heads = heads
        self.query_block = query_block
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=2)
        shape = (b, t, self.heads, d // self.heads)
        q, k, v = (z.reshape(shape).transpose(1, 2) for z in (q, k, v))
        q = q * (1.0 / math.sqrt(d // self.heads))
        block = self.query_block or t
        mixed = []
        for start in range(0, t, block):  # a block's queries see the keys up to its last row
            end = min(t, start + block)
            weights = (q[:, :, start:end] @ k[:, :, :end].transpose(2, 3) + mask[start:end, :end]).softmax(-1)
            mixed.append(weights @ v[:, :, :end])
        return self.proj(torch.cat(mixed, 2).transpose(1, 2).reshape(b, t, d))


class Mlp(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = nn.Linear(d, 4 * d)
        self.proj = nn.Linear(4 * d, d)

    def forward(self, x):
        return self.proj(F.gelu(self.fc(x)))


class Block(nn.Module):
    def __init__(self, d, heads, query_block):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = Attention(d, heads, query_block)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = Mlp(d)

    def forward(self, x, mask):
        x = x + self.attn(self.ln1(x), mask)
        return x + self.mlp(self.ln2(x))


class Gpt(nn.Module):
    def __init__(self, vocab, context, d, layers, heads, query_block=None):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, d)
        self.pos_emb = nn.Embedding(context, d)
        self.blocks = nn.ModuleList(Block(d, heads, query_block) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d)
        self.register_buffer("mask", torch.full((context, context), float("-inf")).triu(1), persistent=False)
        for name, p in self.named_parameters():
            if name.endswith(".bias"):
                nn.init.zeros_(p)
            elif "ln" in name:
                nn.init.ones_(p)
            else:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("proj.weight") else 0.02
                nn.init.normal_(p, std=std)

    def forward(self, tokens):
        t = tokens.shape[1]
        x = self.tok_emb(tokens) + self.pos_emb.weight[:t]
        for block in self.blocks:
            x = block(x, self.mask)
        return self.ln_f(x) @ self.tok_emb.weight.t()  # tied head


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, only F32 is supported")
        begin, end = info["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=8 + n + begin)
        tensors[name] = torch.from_numpy(array.copy()).reshape(info["shape"])
    return tensors, meta


def load_model(path):
    tensors, meta = read_safetensors(path)
    model = Gpt(*(int(meta[k]) for k in ("vocab", "context", "d_model", "layers", "heads")))
    model.load_state_dict(tensors, strict=True)
    return model


def cmd_logits(args):
    model = load_model(args.weights).eval()
    with open(args.tokens) as f:
        rows = json.load(f)
    with torch.no_grad():
        logits = model(torch.tensor(rows, dtype=torch.long))
    with open(args.out, "w") as f:
        json.dump(logits.reshape(-1).tolist(), f)


def matmul_peak():
    best = 0.0
    for n in (1024, 2048):
        a, b = torch.randn(n, n), torch.randn(n, n)
        for rep in range(12):
            start = time.perf_counter()
            torch.mm(a, b)
            s = time.perf_counter() - start
            if rep >= 2:
                best = max(best, 2.0 * n ** 3 / s / 1e9)
    return best


def train_tokens_per_s(cfg, seconds, query_block):
    torch.manual_seed(0)
    model = Gpt(*cfg, query_block=query_block)
    context = cfg[1]
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.95), eps=1e-8)
    gen = torch.Generator().manual_seed(1)

    def step():
        batch = torch.randint(0, 256, (BATCH, context + 1), generator=gen)
        logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    steps, start, cpu = 0, time.perf_counter(), time.thread_time()
    while steps < 5 or time.perf_counter() - start < seconds:
        step()
        steps += 1
    # also per CPU-second of this thread: with one thread all the work runs on it (see LmBenchmark)
    tokens = steps * BATCH * context
    return tokens / (time.perf_counter() - start), tokens / (time.thread_time() - cpu)


def score_tokens_per_s(cfg, seconds, query_block):
    model = Gpt(*cfg, query_block=query_block).eval()
    context = cfg[1]
    batch = torch.randint(0, 256, (BATCH, context + 1), generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        def score():
            logp = model(batch[:, :-1]).log_softmax(-1)
            return logp.gather(-1, batch[:, 1:].unsqueeze(-1)).sum().item()
        score()
        reps, start, cpu = 0, time.perf_counter(), time.thread_time()
        while reps < 5 or time.perf_counter() - start < seconds:
            score()
            reps += 1
    tokens = reps * BATCH * context
    return tokens / (time.perf_counter() - start), tokens / (time.thread_time() - cpu)


def blas_kernels():
    """The BLAS build and the core type whose kernels it runs (Debian's torch calls the system OpenBLAS)."""
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        return {"blas": lib.openblas_get_config().decode(), "core": lib.openblas_get_corename().decode()}
    except (OSError, AttributeError) as e:
        return {"blas": f"unknown ({e})"}


def cmd_bench(args):
    query_block = ENGINE_QUERY_BLOCK if args.attention == "blocks" else None
    result = {"engine": f"PyTorch {torch.__version__} eager", "label": args.label, "kernels": blas_kernels(),
              "attention": f"query blocks of {query_block} rows, as lm-core" if query_block else "one block",
              "env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "GOMP_SPINCOUNT",
                                                  "OMP_NUM_THREADS", "OMP_WAIT_POLICY") if k in os.environ},
              "matmul_peak": [], "runs": []}
    for threads in (int(t) for t in args.threads.split(",")):
        torch.set_num_threads(threads)
        peak = matmul_peak()
        result["matmul_peak"].append({"threads": threads, "gflops": peak})
        print(f"torch[{args.label}] matmul peak, {threads} thread(s): {peak:.1f} GFLOP/s", flush=True)
        for name in args.configs.split(","):
            cfg = CONFIGS[name]
            train, train_cpu = train_tokens_per_s(cfg, args.seconds, query_block)
            score, score_cpu = score_tokens_per_s(cfg, args.seconds / 2, query_block)
            params = sum(p.numel() for p in Gpt(*cfg).parameters())
            print(f"torch[{args.label}] {name:5s} {params:>10,} params, {threads} thread(s): "
                  f"train {train:>8,.0f} tok/s, score {score:>8,.0f} tok/s", flush=True)
            run = {"config": name, "params": params, "threads": threads,
                   "torch_tokens_per_s": train, "torch_score_tokens_per_s": score}
            if threads == 1:
                run.update({"torch_tokens_per_cpu_s": train_cpu, "torch_score_tokens_per_cpu_s": score_cpu})
            result["runs"].append(run)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("logits")
    p.add_argument("weights")
    p.add_argument("tokens")
    p.add_argument("out")
    p.set_defaults(func=cmd_logits)
    p = sub.add_parser("bench")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--configs", default=",".join(CONFIGS))
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--label", default="default")
    p.add_argument("--attention", choices=("blocks", "one-block"), default="blocks",
                   help="blocks: lm-core's query blocks (the same work as DJL); one-block: the textbook form")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    sys.exit(main())
