#!/usr/bin/env python3
"""Merges the DJL and PyTorch benchmark outputs into benchmarks/lm-core.json and prints a table.

  merge.py --djl djl.json --torch-best best-1.json,best-2.json --torch-shipped shipped-1.json,shipped-2.json \
           --load "..." --out benchmarks/lm-core.json
"""
import argparse
import datetime
import json


def fmt(v, spec):
    """A table cell: the value formatted, or n/a where a run did not measure it."""
    return format(v, spec) if v is not None else "n/a"


def load_runs(paths):
    runs, peaks, envs, kernels = {}, {}, [], None
    for path in filter(None, paths.split(",")):
        with open(path) as f:
            data = json.load(f)
        envs.append(data.get("env", {}))
        kernels = kernels or data.get("kernels")
        for p in data["matmul_peak"]:
            peaks[p["threads"]] = p["gflops"]
        for r in data["runs"]:
            runs[(r["config"], r["threads"])] = r
    return runs, peaks, envs, kernels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--djl", required=True)
    ap.add_argument("--torch-best", required=True)
    ap.add_argument("--torch-shipped", default="")
    ap.add_argument("--djl-shim-off", default="", help="DJL run with S2L_MKL_VENDOR_SHIM=off (non-Intel CPUs)")
    ap.add_argument("--load", default="")
    ap.add_argument("--best-settings", default="")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    with open(args.djl) as f:
        djl = json.load(f)
    djl_peaks = {p["threads"]: p["gflops"] for p in djl["matmul_peak"]}
    best, best_peaks, best_env, best_kernels = load_runs(args.torch_best)
    shipped, shipped_peaks, _, shipped_kernels = load_runs(args.torch_shipped)
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
        t = best.get(key, {})
        s = shipped.get(key, {})
        tok = r["djl_tokens_per_s"]
        torch_tok = t.get("torch_tokens_per_s")
        o = off.get(key)
        results.append({
            "config": r["config"],
            "params": r["params"],
            "threads": r["threads"],
            "djl_tokens_per_s": round(tok, 1),
            "mfu": round(6 * r["params"] * tok / (machine_peak * 1e9), 4),
            "torch_tokens_per_s": round(torch_tok, 1) if torch_tok else None,
            "ratio": round(tok / torch_tok, 3) if torch_tok else None,
            "torch_shipped_tokens_per_s": round(s["torch_tokens_per_s"], 1) if s else None,
            "ratio_vs_shipped": round(tok / s["torch_tokens_per_s"], 3) if s else None,
            "score_tokens_per_s": round(r["score_tokens_per_s"], 1),
            "score_over_train": round(r["score_tokens_per_s"] / tok, 2),
            "torch_score_tokens_per_s": round(t["torch_score_tokens_per_s"], 1) if t else None,
            "djl_shim_off_tokens_per_s": round(o["djl_tokens_per_s"], 1) if o else None,
            "shim_speedup": round(tok / o["djl_tokens_per_s"], 3) if o else None,
            "ratio_shim_off": round(o["djl_tokens_per_s"] / torch_tok, 3) if o and torch_tok else None,
            "score_shim_off_tokens_per_s": round(o["score_tokens_per_s"], 1) if o else None,
        })
        # 1 thread only: tokens per CPU-second of the calling thread, which a loaded machine does not dilute
        if "djl_tokens_per_cpu_s" in r:
            cpu_train, cpu_score = r["djl_tokens_per_cpu_s"], r["score_tokens_per_cpu_s"]
            results[-1].update({
                "djl_tokens_per_cpu_s": round(cpu_train, 1),
                "score_tokens_per_cpu_s": round(cpu_score, 1),
                "score_over_train_cpu": round(cpu_score / cpu_train, 2),
            })
            if t.get("torch_tokens_per_cpu_s"):
                results[-1].update({
                    "torch_tokens_per_cpu_s": round(t["torch_tokens_per_cpu_s"], 1),
                    "ratio_cpu": round(cpu_train / t["torch_tokens_per_cpu_s"], 3),
                })
            if o and "djl_tokens_per_cpu_s" in o:
                results[-1].update({
                    "djl_shim_off_tokens_per_cpu_s": round(o["djl_tokens_per_cpu_s"], 1),
                    "score_shim_off_tokens_per_cpu_s": round(o["score_tokens_per_cpu_s"], 1),
                    "shim_speedup_cpu": round(cpu_train / o["djl_tokens_per_cpu_s"], 3),
                    "shim_speedup_score_cpu": round(cpu_score / o["score_tokens_per_cpu_s"], 3),
                })
    out = {
        "measured_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine_peak_gflops": round(machine_peak, 1),
        "djl_peak_gflops": round(djl_peak, 1),
        "torch_peak_gflops": round(torch_peak, 1),
        "djl_peak_gflops_by_threads": {str(k): round(v, 1) for k, v in sorted(djl_peaks.items())},
        "torch_peak_gflops_by_threads": {str(k): round(v, 1) for k, v in sorted(best_peaks.items())},
        "torch_shipped_peak_gflops_by_threads": {str(k): round(v, 1) for k, v in sorted(shipped_peaks.items())},
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
    print("| config | params | threads | DJL train tok/s | MFU | PyTorch best tok/s | DJL/PyTorch best "
          "| PyTorch shipped tok/s | DJL/shipped | DJL score tok/s | score/train | DJL shim off tok/s "
          "| shim off / PyTorch best | shim speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['config']} | {r['params']:,} | {r['threads']} | {r['djl_tokens_per_s']:,.0f} | "
              f"{100 * r['mfu']:.1f}% | {fmt(r['torch_tokens_per_s'], ',.0f')} | {fmt(r['ratio'], '.2f')} | "
              f"{fmt(r['torch_shipped_tokens_per_s'], ',.0f')} | {fmt(r['ratio_vs_shipped'], '.2f')} | "
              f"{r['score_tokens_per_s']:,.0f} | {r['score_over_train']:.2f} | "
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
