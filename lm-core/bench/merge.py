#!/usr/bin/env python3
"""Merges the DJL and PyTorch benchmark outputs into benchmarks/lm-core.json and prints a table.

  merge.py --rounds round-1,round-2,round-3 --torch-shipped shipped-1.json,shipped-2.json \
           [--djl-shim-off djl-shim-off.json] --load "..." --out benchmarks/lm-core.json

Each round directory holds djl.json and best-<threads>.json from engines that took turns. Tokens/s figures are the
median over rounds; every ratio is the median of the per-round ratios (its range over rounds is kept too), so both
sides of a ratio come from the same few minutes of a shared machine.
"""
import argparse
import datetime
import glob
import json
import os
import statistics


def fmt(v, spec):
    """A table cell: the value formatted, or n/a where a run did not measure it."""
    return format(v, spec) if v is not None else "n/a"


def with_range(result, key):
    """A ratio cell: the median and, in brackets, its range over rounds."""
    low, high = result.get(key + "_range", [None, None])
    if result.get(key) is None:
        return "n/a"
    return f"{result[key]:.2f} [{low:.2f}-{high:.2f}]" if low is not None else f"{result[key]:.2f}"


def load_runs(paths):
    """Runs by (config, threads), matmul peaks by threads, the BLAS kernels and the attention form of PyTorch outputs."""
    runs, peaks, kernels, attention = {}, {}, None, None
    for path in filter(None, paths.split(",")):
        with open(path) as f:
            data = json.load(f)
        kernels = kernels or data.get("kernels")
        attention = attention or data.get("attention")
        for p in data["matmul_peak"]:
            peaks[p["threads"]] = p["gflops"]
        for r in data["runs"]:
            runs[(r["config"], r["threads"])] = r
    return runs, peaks, kernels, attention


def median_ratio(numerators, denominators):
    """(median, min, max) of per-round ratios, or Nones where a side is missing."""
    ratios = [n / d for n, d in zip(numerators, denominators) if n is not None and d]
    if not ratios:
        return None, None, None
    return round(statistics.median(ratios), 3), round(min(ratios), 3), round(max(ratios), 3)


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", required=True, help="round directories, each with djl.json and best-<threads>.json")
    ap.add_argument("--torch-shipped", default="")
    ap.add_argument("--djl-shim-off", default="", help="DJL run with S2L_MKL_VENDOR_SHIM=off (non-Intel CPUs)")
    ap.add_argument("--load", default="")
    ap.add_argument("--best-settings", default="")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    rounds = []  # per round: (djl data, djl runs by key, torch best runs by key, torch best peaks)
    for directory in args.rounds.split(","):
        with open(os.path.join(directory, "djl.json")) as f:
            djl_round = json.load(f)
        best_round, best_round_peaks, best_kernels, torch_attention = load_runs(
            ",".join(sorted(glob.glob(os.path.join(directory, "best-*.json")))))
        rounds.append((djl_round, {(r["config"], r["threads"]): r for r in djl_round["runs"]}, best_round,
                       best_round_peaks))
    djl = rounds[-1][0]  # the last round carries the memory run; CPU and kernels are the same in all
    djl_peaks, best_peaks = {}, {}
    for djl_round, _, _, best_round_peaks in rounds:
        for p in djl_round["matmul_peak"]:
            djl_peaks[p["threads"]] = max(djl_peaks.get(p["threads"], 0.0), p["gflops"])
        for threads, gflops in best_round_peaks.items():
            best_peaks[threads] = max(best_peaks.get(threads, 0.0), gflops)
    shipped, shipped_peaks, shipped_kernels, _ = load_runs(args.torch_shipped)
    off, off_peaks, off_kernels = {}, {}, None
    if args.djl_shim_off:
        with open(args.djl_shim_off) as f:
            off_data = json.load(f)
        off = {(r["config"], r["threads"]): r for r in off_data["runs"]}
        off_peaks = {p["threads"]: p["gflops"] for p in off_data["matmul_peak"]}
        off_kernels = off_data.get("kernels")

    djl_peak = max(djl_peaks.values())
    torch_peak = max(best_peaks.values()) if best_peaks else 0.0
    machine_peak = max([djl_peak, torch_peak] + list(off_peaks.values()))
    results = []
    for r in djl["runs"]:
        key = (r["config"], r["threads"])
        per_round = [(d.get(key, {}), b.get(key, {})) for _, d, b, _ in rounds]
        train = [d.get("djl_tokens_per_s") for d, _ in per_round]
        score = [d.get("score_tokens_per_s") for d, _ in per_round]
        torch_train = [b.get("torch_tokens_per_s") for _, b in per_round]
        torch_score = [b.get("torch_score_tokens_per_s") for _, b in per_round]
        tok = median(train)
        ratio, ratio_min, ratio_max = median_ratio(train, torch_train)
        score_ratio, score_ratio_min, score_ratio_max = median_ratio(score, train)
        s = shipped.get(key, {})
        o = off.get(key)
        results.append({
            "config": r["config"],
            "params": r["params"],
            "threads": r["threads"],
            "djl_tokens_per_s": tok,
            "mfu": round(6 * r["params"] * tok / (machine_peak * 1e9), 4),
            "torch_tokens_per_s": median(torch_train),
            "ratio": ratio,
            "ratio_range": [ratio_min, ratio_max],
            "torch_shipped_tokens_per_s": round(s["torch_tokens_per_s"], 1) if s else None,
            "ratio_vs_shipped": round(tok / s["torch_tokens_per_s"], 3) if s else None,
            "score_tokens_per_s": median(score),
            "score_over_train": score_ratio,
            "score_over_train_range": [score_ratio_min, score_ratio_max],
            "torch_score_tokens_per_s": median(torch_score),
            "torch_score_over_train": median_ratio(torch_score, torch_train)[0],
            "djl_shim_off_tokens_per_s": round(o["djl_tokens_per_s"], 1) if o else None,
            "shim_speedup": round(tok / o["djl_tokens_per_s"], 3) if o else None,
            "ratio_shim_off": round(o["djl_tokens_per_s"] / median(torch_train), 3) if o and median(torch_train)
            else None,
            "score_shim_off_tokens_per_s": round(o["score_tokens_per_s"], 1) if o else None,
        })
        # 1 thread only: tokens per CPU-second of the calling thread, which a loaded machine does not dilute
        if "djl_tokens_per_cpu_s" in r:
            cpu_train = [d.get("djl_tokens_per_cpu_s") for d, _ in per_round]
            cpu_score = [d.get("score_tokens_per_cpu_s") for d, _ in per_round]
            cpu_torch = [b.get("torch_tokens_per_cpu_s") for _, b in per_round]
            results[-1].update({
                "djl_tokens_per_cpu_s": median(cpu_train),
                "score_tokens_per_cpu_s": median(cpu_score),
                "score_over_train_cpu": median_ratio(cpu_score, cpu_train)[0],
            })
            if any(cpu_torch):
                results[-1].update({
                    "torch_tokens_per_cpu_s": median(cpu_torch),
                    "ratio_cpu": median_ratio(cpu_train, cpu_torch)[0],
                })
            if o and "djl_tokens_per_cpu_s" in o:
                results[-1].update({
                    "djl_shim_off_tokens_per_cpu_s": round(o["djl_tokens_per_cpu_s"], 1),
                    "score_shim_off_tokens_per_cpu_s": round(o["score_tokens_per_cpu_s"], 1),
                    "shim_speedup_cpu": round(median(cpu_train) / o["djl_tokens_per_cpu_s"], 3),
                    "shim_speedup_score_cpu": round(median(cpu_score) / o["score_tokens_per_cpu_s"], 3),
                })
    out = {
        "measured_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine_peak_gflops": round(machine_peak, 1),
        "djl_peak_gflops": round(djl_peak, 1),
        "torch_peak_gflops": round(torch_peak, 1),
        "djl_peak_gflops_by_threads": {str(k): round(v, 1) for k, v in sorted(djl_peaks.items())},
        "torch_peak_gflops_by_threads": {str(k): round(v, 1) for k, v in sorted(best_peaks.items())},
        "torch_shipped_peak_gflops_by_threads": {str(k): round(v, 1) for k, v in sorted(shipped_peaks.items())},
        "rounds": len(rounds),
        "rounds_definition": "DJL and PyTorch best took turns for this many rounds; tokens/s are medians over rounds,"
                             " ratios (and their ranges) are over the per-round ratios; shim-off and shipped ran once",
        "mfu_definition": "6 x params x training tokens/s / machine_peak_gflops",
        "per_cpu_second_definition": "1 thread only: tokens / CPU time of the thread that runs libtorch (all work runs on"
                                     " it with one intra-op thread), which other processes on the machine do not dilute",
        "batch": 32,
        "context": 128,
        "cpu": djl.get("cpu"),
        "djl_engine": djl.get("engine"),
        "djl_kernels": djl.get("kernels"),
        "djl_shim_off_kernels": off_kernels,
        "djl_shim_off_peak_gflops_by_threads": {str(k): round(v, 1) for k, v in sorted(off_peaks.items())},
        "torch_best_kernels": best_kernels,
        "torch_attention": torch_attention,
        "torch_shipped_kernels": shipped_kernels,
        "djl_env": djl.get("env", {}),
        "torch_best_settings": args.best_settings,
        "machine_load": args.load,
        "memory": djl.get("memory"),
        "results": results,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")

    cpu = djl.get("cpu") or {}
    print(f"CPU: {cpu.get('vendor', '?')} {cpu.get('model_name', '?')}, {cpu.get('logical_cpus', '?')} logical CPUs, "
          f"flags {' '.join(cpu.get('flags', []))}")
    k = djl.get("kernels") or {}
    print(f"DJL BLAS: oneMKL code path {k.get('mkl_code_path', '?')} (vendor shim "
          f"{'active' if k.get('mkl_vendor_shim_active') else 'inactive'}"
          + (f"; without it: {off_kernels.get('mkl_code_path')}" if off_kernels else "") + "); PyTorch best: "
          + f"{(best_kernels or {}).get('blas', '?')}, core {(best_kernels or {}).get('core', '?')}; shipped core "
          + f"{(shipped_kernels or {}).get('core', '?')}")
    print(f"machine peak {machine_peak:.0f} GFLOP/s (DJL {djl_peak:.0f}, PyTorch best {torch_peak:.0f}); "
          f"load: {args.load}")
    print(f"{len(rounds)} rounds; ratios are medians of per-round ratios, with their range over rounds")
    print("| config | params | threads | DJL train tok/s | MFU | PyTorch best tok/s | DJL/PyTorch best "
          "| PyTorch shipped tok/s | DJL score tok/s | score/train | PyTorch score/train | DJL shim off tok/s "
          "| shim off / PyTorch best | shim speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['config']} | {r['params']:,} | {r['threads']} | {r['djl_tokens_per_s']:,.0f} | "
              f"{100 * r['mfu']:.1f}% | {fmt(r['torch_tokens_per_s'], ',.0f')} | {with_range(r, 'ratio')} | "
              f"{fmt(r['torch_shipped_tokens_per_s'], ',.0f')} | {r['score_tokens_per_s']:,.0f} | "
              f"{with_range(r, 'score_over_train')} | {fmt(r['torch_score_over_train'], '.2f')} | "
              f"{fmt(r['djl_shim_off_tokens_per_s'], ',.0f')} | {fmt(r['ratio_shim_off'], '.2f')} | "
              f"{fmt(r['shim_speedup'], '.2f')} |")
    cpu_rows = [r for r in results if "djl_tokens_per_cpu_s" in r]
    if cpu_rows:
        print("1 thread, tokens per CPU-second of the working thread (not diluted by other load on the machine):")
        print("| config | DJL train | PyTorch best train | DJL/PyTorch | DJL score | score/train | shim off: train "
              "| shim off: score | shim speed-up train | shim speed-up score |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in cpu_rows:
            print(f"| {r['config']} | {r['djl_tokens_per_cpu_s']:,.0f} | {fmt(r.get('torch_tokens_per_cpu_s'), ',.0f')} | "
                  f"{fmt(r.get('ratio_cpu'), '.2f')} | {r['score_tokens_per_cpu_s']:,.0f} | "
                  f"{r['score_over_train_cpu']:.2f} | {fmt(r.get('djl_shim_off_tokens_per_cpu_s'), ',.0f')} | "
                  f"{fmt(r.get('score_shim_off_tokens_per_cpu_s'), ',.0f')} | "
                  f"{fmt(r.get('shim_speedup_cpu'), '.2f')} | {fmt(r.get('shim_speedup_score_cpu'), '.2f')} |")
    mem = djl.get("memory")
    if mem:
        print(f"resident memory over {mem['steps']} training steps: growth after step 100 "
              f"{mem['rss_growth_after_step_100_percent']:.1f}% of RSS, native part "
              f"{mem['native_growth_after_step_100_percent_of_rss']:.1f}% of RSS")


if __name__ == "__main__":
    main()
