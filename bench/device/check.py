#!/usr/bin/env python3
"""GPU device check of issue 5 (fused DyT kernels), for a machine with a GPU, PyTorch and no .NET.

Prints one table at (8192, 4096) in bfloat16 and float32, all measured in this run: max error against a float64
reference, forward and backward time (median of 20, CUDA events) and achieved GB/s for our NVRTC kernel (through
the self-contained harness bench/DeviceCheck/publish), PyTorch eager DyT, torch.compile DyT, F.layer_norm and
RMSNorm, plus a device-to-device copy as the bandwidth ceiling. Then it loads TorchSharp's native library against
this machine's libtorch and reports what happens. Finishes in well under 5 minutes (budget checked as it goes).

GB/s counts the bytes DyT must move: forward reads x and writes y (2 n s), backward reads x and dy and writes dx
(3 n s), for every row, so the columns compare like for like.
"""
import glob
import json
import os
import subprocess
import sys
import time

ROWS, COLS = 8192, 4096
ITERATIONS, WARMUPS = 20, 3
BUDGET_S = 270
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PUBLISH = os.path.join(ROOT, "bench", "DeviceCheck", "publish")
HARNESS = os.path.join(PUBLISH, "DeviceCheck")
START = time.time()


def log(message):
    print(f"[{time.time() - START:5.1f}s] {message}", file=sys.stderr, flush=True)


def find_nvrtc():
    """DYT_NVRTC, else the NVRTC that PyTorch ships (pip nvidia packages), else the toolkit's."""
    if os.environ.get("DYT_NVRTC"):
        return os.environ["DYT_NVRTC"]
    roots = []
    try:
        import torch
        roots.append(os.path.join(os.path.dirname(torch.__file__), "lib"))
        roots.append(os.path.join(os.path.dirname(os.path.dirname(torch.__file__)), "nvidia"))
    except ImportError:
        pass
    roots += [os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "lib64"), "/usr/local/cuda/lib64"]
    for root in roots:
        found = sorted(glob.glob(os.path.join(root, "**", "libnvrtc.so*"), recursive=True))
        found = [f for f in found if "builtins" not in f and "alt" not in os.path.basename(f)]
        if found:
            return found[-1]
    return None


def run_harness(*args, extra_env=None):
    env = dict(os.environ, **(extra_env or {}))
    if not os.access(HARNESS, os.X_OK):
        os.chmod(HARNESS, 0o755)
    done = subprocess.run([HARNESS, *args], env=env, capture_output=True, text=True, timeout=150)
    lines = []
    for line in done.stdout.splitlines():
        try:
            lines.append(json.loads(line))
        except json.JSONDecodeError:
            lines.append({"error": line})
    if done.returncode != 0 and not lines:
        lines.append({"error": f"exit {done.returncode}: {done.stderr.strip()[-500:]}"})
    return lines


def ours():
    if not os.path.exists(HARNESS):
        return [{"error": f"{HARNESS} is missing: run bench/device/publish.sh on the .NET machine and carry bench/DeviceCheck/publish"}]
    nvrtc = find_nvrtc()
    env = {}
    if nvrtc:
        env["DYT_NVRTC"] = nvrtc
        env["LD_LIBRARY_PATH"] = os.path.dirname(nvrtc) + ":" + os.environ.get("LD_LIBRARY_PATH", "")
    log(f"harness with NVRTC {nvrtc}")
    return run_harness("run", str(ROWS), str(COLS), extra_env=env)


def timed(torch, fn):
    for _ in range(WARMUPS):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(ITERATIONS):
        start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return sorted(times)[ITERATIONS // 2]


def pytorch(rows):
    import torch
    import torch.nn.functional as F

    def dyt(x, a, w, b):
        return w * torch.tanh(a * x) + b

    # (function, eager float64 reference of the same math)
    impls = {
        "PyTorch eager DyT": (dyt, dyt),
        "torch.compile DyT": (torch.compile(dyt), dyt),
        "F.layer_norm": ((lambda x, a, w, b: F.layer_norm(x, (COLS,), w, b)),) * 2,
        "RMSNorm (F.rms_norm)": ((lambda x, a, w, b: F.rms_norm(x, (COLS,), w)),) * 2,
    }
    generator = torch.Generator().manual_seed(0)
    host = {k: (torch.rand(shape, generator=generator, dtype=torch.float64) * 2 - 1) * scale
            for k, shape, scale in (("x", (ROWS, COLS), 2.0), ("dy", (ROWS, COLS), 1.0), ("w", (COLS,), 1.0), ("b", (COLS,), 0.5))}
    for dtype, dname in ((torch.bfloat16, "bfloat16"), (torch.float32, "float32")):
        size = torch.tensor([], dtype=dtype).element_size()
        n = ROWS * COLS
        dev = {k: v.to("cuda", dtype) for k, v in host.items()}
        alpha = torch.tensor([0.5], device="cuda", dtype=dtype)
        exact = {k: v.to(torch.float64) for k, v in dev.items()}
        for name, (fn, reference) in impls.items():
            if time.time() - START > BUDGET_S:
                rows.append({"impl": name, "dtype": dname, "error": "skipped: time budget"})
                continue
            log(f"{name} {dname}")
            xr = exact["x"].clone().requires_grad_(True)
            y_ref = reference(xr, alpha.to(torch.float64), exact["w"], exact["b"])
            y_ref.backward(exact["dy"])
            with torch.no_grad():
                forward_ms = timed(torch, lambda: fn(dev["x"], alpha, dev["w"], dev["b"]))
                y = fn(dev["x"], alpha, dev["w"], dev["b"])
            x = dev["x"].clone().requires_grad_(True)
            params = [p.clone().requires_grad_(True) for p in (alpha, dev["w"], dev["b"])]

            # A fresh graph each time (compiled backward may not support retain_graph); backward = total - forward.
            def forward_backward():
                x.grad = None
                for p in params:
                    p.grad = None
                fn(x, *params).backward(dev["dy"])

            total_ms = timed(torch, forward_backward)
            rows.append({
                "impl": name, "dtype": dname, "fwd_ms": forward_ms, "bwd_ms": total_ms - forward_ms,
                "fwd_gbs": 2 * n * size / forward_ms / 1e6, "bwd_gbs": 3 * n * size / max(total_ms - forward_ms, 1e-6) / 1e6,
                "err_y": (y.to(torch.float64) - y_ref.detach()).abs().max().item(),
                "err_dx": (x.grad.to(torch.float64) - xr.grad).abs().max().item(),
            })
            del xr, y_ref, x, params, y
            torch.cuda.empty_cache()
        y = torch.empty_like(dev["x"])
        copy_ms = timed(torch, lambda: y.copy_(dev["x"]))
        rows.append({"impl": "copy (torch copy_)", "dtype": dname, "fwd_ms": copy_ms, "fwd_gbs": 2 * n * size / copy_ms / 1e6})


def number(value, digits=3):
    if value is None:
        return "-"
    if isinstance(value, float) and (value != value):
        return "-"
    return f"{value:.{digits}g}" if abs(value) < 1e-2 and value != 0 else f"{value:.{digits}f}"


def table(rows):
    """One row per implementation and dtype; forward as a percentage of that dtype's best copy bandwidth.
    PyTorch rows: backward = (forward+backward with a fresh graph) - (forward without grad)."""
    ceiling = {}
    for r in rows:
        if r.get("impl", "").startswith("copy") and r.get("fwd_gbs"):
            ceiling[r["dtype"]] = max(ceiling.get(r["dtype"], 0), r["fwd_gbs"])
    head = ["impl", "dtype", "max err y", "max err dx", "fwd ms", "fwd GB/s", "fwd % copy", "bwd ms", "bwd GB/s", "fwd+bwd ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        if "impl" not in r:
            continue
        if "error" in r:
            lines.append(f"| {r['impl']} | {r.get('dtype', '')} | {r['error']} |")
            continue
        fwd, bwd = r.get("fwd_ms"), r.get("bwd_ms")
        share = 100 * r["fwd_gbs"] / ceiling[r["dtype"]] if r.get("fwd_gbs") and ceiling.get(r["dtype"]) else None
        total = fwd + bwd if fwd is not None and bwd is not None else None
        lines.append("| " + " | ".join([
            r["impl"], r["dtype"], number(r.get("err_y")), number(r.get("err_dx")), number(fwd), number(r.get("fwd_gbs"), 0),
            number(share, 0), number(bwd), number(r.get("bwd_gbs"), 0), number(total)]) + " |")
    return "\n".join(lines)


def verdicts(rows):
    out = []
    for dtype in ("bfloat16", "float32"):
        mine = next((r for r in rows if r.get("impl") == "DyT.Generated CUDA" and r.get("dtype") == dtype and "fwd_ms" in r), None)
        compiled = next((r for r in rows if r.get("impl") == "torch.compile DyT" and r.get("dtype") == dtype and "fwd_ms" in r), None)
        copy = max((r["fwd_gbs"] for r in rows if r.get("impl", "").startswith("copy") and r.get("dtype") == dtype and r.get("fwd_gbs")), default=None)
        if not mine:
            out.append(f"{dtype}: no result for our kernel")
            continue
        if copy:
            share = mine["fwd_gbs"] / copy
            out.append(f"{dtype}: forward at {share:.0%} of copy bandwidth (target >= 85%): {'met' if share >= 0.85 else 'NOT met'}")
        if compiled:
            ours_total, theirs = mine["fwd_ms"] + mine["bwd_ms"], compiled["fwd_ms"] + compiled["bwd_ms"]
            out.append(f"{dtype}: fwd+bwd {ours_total:.3f} ms vs torch.compile {theirs:.3f} ms (target: faster): "
                       f"{'met' if ours_total < theirs else 'NOT met'}")
    return out


def probe_torchsharp():
    library = os.path.join(PUBLISH, "libLibTorchSharp.so")
    try:
        import torch
        lib = os.path.join(os.path.dirname(torch.__file__), "lib")
        version = torch.__version__
    except ImportError:
        lib, version = "", "none"
    if not os.path.exists(library):
        return [f"TorchSharp probe: {library} missing"]
    lines = run_harness("probe", library, extra_env={"LD_LIBRARY_PATH": lib + ":" + os.environ.get("LD_LIBRARY_PATH", "")})
    return [f"TorchSharp 0.107 native library (built for LibTorch 2.10) against PyTorch {version}'s libtorch: {json.dumps(l)}" for l in lines]


def main():
    rows = []
    meta = []
    for line in ours():
        if "impl" in line:
            rows.append(line)
        else:
            meta.append(line)
    try:
        pytorch(rows)
    except Exception as error:  # report, never hide: the table still prints what was measured
        meta.append({"pytorch_error": repr(error)})
    try:
        import torch
        meta.insert(0, {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__, "cuda": torch.version.cuda})
    except Exception:
        pass
    print(f"# DyT device check, ({ROWS}, {COLS}), medians of {ITERATIONS}, {time.time() - START:.0f} s")
    for m in meta:
        print("#", json.dumps(m))
    print(table(rows))
    for v in verdicts(rows):
        print("#", v)
    for p in probe_torchsharp():
        print("#", p)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--table-demo":
        # Formats made-up rows: checks the table code on a machine without a GPU.
        demo = [{"impl": "DyT.Generated CUDA", "dtype": "bfloat16", "fwd_ms": 0.1, "bwd_ms": 0.2, "fwd_gbs": 1300.0, "bwd_gbs": 1000.0, "err_y": 0.0039, "err_dx": 0.002},
                {"impl": "copy (cuMemcpyDtoD)", "dtype": "bfloat16", "fwd_ms": 0.09, "bwd_ms": None, "fwd_gbs": 1500.0},
                {"impl": "torch.compile DyT", "dtype": "bfloat16", "fwd_ms": 0.12, "bwd_ms": 0.25, "fwd_gbs": 1100.0, "bwd_gbs": 800.0, "err_y": 0.0039, "err_dx": 0.004},
                {"impl": "F.layer_norm", "dtype": "bfloat16", "error": "skipped: time budget"}]
        print(table(demo))
        print("\n".join(verdicts(demo)))
    else:
        main()
