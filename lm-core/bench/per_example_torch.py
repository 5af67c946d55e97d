#!/usr/bin/env python3
"""The anchor of benchmarks/attribution-engine.sh: TRAK's CPU recipe in plain PyTorch.

Per-example gradients of the same margin output (f = log(p / (1 - p)), p = exp(-mean token loss)) with functorch's
vmap(grad(...)) over gpt_torch.Gpt, then a dense Gaussian projection to k, regenerated block by block for every
batch from a seeded generator as TRAK's BasicProjector does on CPU (the whole P x k matrix would not fit: 1M
parameters x k = 2048 is 8 GB). Reports examples/s; one example = one 129-token window.

  per_example_torch.py --configs 1M --dims 2048 --threads 1 --seconds 6 --out anchor.json

Needs torch >= 1.13 with functorch (Debian: python3-torch) and numpy; run with /usr/bin/python3.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F
from functorch import grad, make_functional_with_buffers, vmap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt_torch import BATCH, CONFIGS, Gpt  # noqa: E402

BLOCK_ROWS = 16384  # projection rows generated at a time (x k floats)


def margin(fmodel, params, buffers, x, y):
    logits = fmodel(params, buffers, x.unsqueeze(0))
    logp = F.log_softmax(logits, -1).gather(-1, y.view(1, -1, 1)).squeeze(-1)
    loss = -logp.mean()
    return -loss - torch.log(-torch.expm1(-loss))


def featurize_rate(cfg, k, seconds):
    torch.manual_seed(0)
    model = Gpt(*cfg)
    fmodel, params, buffers = make_functional_with_buffers(model)
    per_example = vmap(grad(lambda p, b, x, y: margin(fmodel, p, b, x, y)), in_dims=(None, None, 0, 0))
    context = cfg[1]
    data = torch.Generator().manual_seed(2)

    def batch(project=True):
        tokens = torch.randint(0, 256, (BATCH, context + 1), generator=data)
        grads = per_example(params, buffers, tokens[:, :-1], tokens[:, 1:])
        flat = torch.cat([g.reshape(BATCH, -1) for g in grads], dim=1)  # (batch, P)
        if not project:
            return flat
        features = torch.zeros(BATCH, k)
        gen = torch.Generator().manual_seed(0)  # same matrix every batch, regenerated as TRAK does on CPU
        for start in range(0, flat.shape[1], BLOCK_ROWS):
            rows = min(BLOCK_ROWS, flat.shape[1] - start)
            block = torch.randn(rows, k, generator=gen) / k ** 0.5
            features += flat[:, start:start + rows] @ block
        return features

    rates = []
    for project in (False, True):
        batch(project)
        done, start = 0, time.perf_counter()
        # at least 2 batches of gradients, 1 with the (slow) projection
        while done < (BATCH if project else 2 * BATCH) or time.perf_counter() - start < seconds:
            batch(project)
            done += BATCH
        rates.append(done / (time.perf_counter() - start))
    return rates  # gradients only, gradients + projection


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--configs", default="1M")
    parser.add_argument("--dims", default="2048")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    runs = []
    for name in args.configs.split(","):
        for k in (int(d) for d in args.dims.split(",")):
            gradients, projected = featurize_rate(CONFIGS[name], k, args.seconds)
            print(f"torch {name} k={k}, {args.threads} thread(s): vmap gradients {gradients:.2f} examples/s, "
                  f"with dense projection {projected:.2f} examples/s", flush=True)
            runs.append({"config": name, "k": k, "threads": args.threads, "gradients_examples_per_s": gradients,
                         "examples_per_s": projected})
    with open(args.out, "w") as f:
        json.dump({"engine": f"PyTorch {torch.__version__} + functorch vmap, dense Gaussian projection "
                             f"regenerated per batch in blocks of {BLOCK_ROWS} rows",
                   "env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "GOMP_SPINCOUNT", "OMP_NUM_THREADS")
                           if k in os.environ},
                   "runs": runs}, f, indent=2)


if __name__ == "__main__":
    main()
