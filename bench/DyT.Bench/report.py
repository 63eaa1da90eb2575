#!/usr/bin/env python3
"""Turns BenchmarkDotNet's CSV reports (BenchmarkDotNet.Artifacts/results/*-report.csv) into the README's table:
each case's mean as a multiple of the copy of the same tensor (the forward ceiling) and of LayerNorm in the same
category (forward, backward, forward+backward). Usage: python3 bench/DyT.Bench/report.py [results folder]"""
import csv
import glob
import os
import sys

UNITS = {"ns": 1e-6, "us": 1e-3, "μs": 1e-3, "ms": 1.0, "s": 1e3}


def ms(text):
    value, unit = text.replace(",", "").split()
    return float(value) * UNITS[unit]


def category(method):
    for suffix, name in (("ForwardBackward", "fwd+bwd"), ("Backward", "backward"), ("Forward", "forward")):
        if method.endswith(suffix):
            return name, method[: -len(suffix)]
    return "forward", method  # Copy


def main(folder):
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*-report.csv"))):
        with open(path, newline="") as f:
            rows += list(csv.DictReader(f))
    norms = [r for r in rows if "Shape" in r and r.get("Shape")]
    steps = [r for r in rows if r.get("Norm")]
    print("| shape | pass | case | mean | x copy | x LayerNorm | managed alloc |")
    print("|---|---|---|---|---|---|---|")
    for shape in sorted({r["Shape"] for r in norms}, reverse=True):
        mine = [r for r in norms if r["Shape"] == shape]
        copy = next(ms(r["Mean"]) for r in mine if r["Method"] == "Copy")
        for wanted in ("forward", "backward", "fwd+bwd"):
            group = [(category(r["Method"])[1], r) for r in mine if category(r["Method"])[0] == wanted]
            base = next(ms(r["Mean"]) for name, r in group if name == "LayerNorm")
            for name, r in group:
                mean = ms(r["Mean"])
                print(f"| {shape} | {wanted} | {name} | {mean:.3f} ms | {mean / copy:.2f} | {mean / base:.2f} | {r['Allocated']} |")
    if steps:
        base = next(ms(r["Mean"]) for r in steps if r["Norm"] == "LayerNorm")
        print()
        print("| ViT-S/16 training step, batch 2 | mean | x LayerNorm | managed alloc |")
        print("|---|---|---|---|")
        for r in steps:
            print(f"| {r['Norm']} | {ms(r['Mean']):.1f} ms | {ms(r['Mean']) / base:.3f} | {r['Allocated']} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "BenchmarkDotNet.Artifacts/results")
