#!/usr/bin/env python3
"""GPU device check of the fused norm kernels (DyT, RMSNorm, Derf), for a machine with a GPU and PyTorch, no .NET.

One call, under 5 minutes (bench/device/run.sh), in this order, each line printed as it comes:
  1. correctness sweep of our kernels (bench/DeviceCheck "sweep"): every element type, the 16-byte and the scalar v1
     kernels, ragged C, misaligned pointers, blocks of several row lanes, several column tiles, saturating inputs,
     layer-sized shapes with several reduction levels; each case run twice for a bitwise repeat. Every error is
     printed with its limit, every failure with its cause.
  2. speed of our kernels (bench/DeviceCheck "bench"): forward, backward, a device copy, and the backward kernel by
     kernel, at (8192, 4096) and (6304, 384), bfloat16 and float32; plus NVRTC compile and load times.
  3. PyTorch on the same shapes: eager and torch.compile DyT, RMSNorm and Derf, F.layer_norm, F.rms_norm, copy_;
     one row at a time, each row's failure caught and printed (a torch.compile error loses only its row).
  4. TorchSharp's native library loaded against this machine's libtorch with every symbol bound (LD_BIND_NOW=1 and
     dlopen(RTLD_NOW)).
  5. the summary: tables, the issue's GPU targets (forward at >= 85% of copy bandwidth; forward+backward faster than
     torch.compile), every failure again, and one RESULT line.
Every subprocess has a timeout; its exit code and the tail of its stderr are always printed. With $OUT set, every
raw line also goes to $OUT/device-check.jsonl and the summary to $OUT/device-check-summary.txt.
"""
import glob
import json
import os
import queue
import subprocess
import sys
import threading
import time
import traceback

BUDGET_S = 270
SHAPES = [(8192, 4096), (6304, 384)]
DTYPES = ["bfloat16", "float32"]
NORMS = ["Dyt", "RmsNorm", "Derf"]
ITERATIONS, WARMUPS = 20, 3
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PUBLISH = os.path.join(ROOT, "bench", "DeviceCheck", "publish")
HARNESS = os.path.join(PUBLISH, "DeviceCheck")
START = time.time()
OUT = os.environ.get("OUT")
RAW = open(os.path.join(OUT, "device-check.jsonl"), "w") if OUT else None


def elapsed():
    return time.time() - START


def say(text):
    print(text, flush=True)


def record(obj):
    if RAW:
        RAW.write(json.dumps(obj) + "\n")
        RAW.flush()


def number(value, digits=3):
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    if value != 0 and abs(value) < 1e-2:
        return f"{value:.{digits - 1}e}"
    return f"{value:.{digits}g}" if abs(value) < 1000 else f"{value:.0f}"


# ---------------------------------------------------------------------------------------------------------- harness
def find_nvrtc():
    """DYT_NVRTC, else the NVRTC PyTorch ships (pip nvidia packages or torch/lib), else the toolkit's."""
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
        found = sorted(glob.glob(os.path.join(root, "**", "libnvrtc*.so*"), recursive=True))
        found = [f for f in found if "builtins" not in os.path.basename(f) and ".alt." not in os.path.basename(f)]
        if found:
            return found[-1]
    return None


def run_streaming(args, timeout_s, env, on_line):
    """Runs args, handing each stdout line to on_line as it comes. Returns (exit code or None, stderr tail, timed out)."""
    if not os.access(args[0], os.X_OK):
        os.chmod(args[0], 0o755)
    stderr_path = os.path.join(OUT or "/tmp", f"harness-{args[1]}-stderr.txt")
    with open(stderr_path, "w") as stderr:
        process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True, bufsize=1)
        lines = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(l) for l in process.stdout] + [lines.put(None)], daemon=True)
        reader.start()
        deadline = time.time() + timeout_s
        timed_out = False
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.time()))
            except queue.Empty:
                timed_out = True
                process.kill()
                break
            if line is None:
                break
            on_line(line.rstrip("\n"))
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
    with open(stderr_path) as f:
        tail = f.read()[-1500:]
    return code, tail, timed_out


def harness(command, timeout_s, failures, on_object):
    if not os.path.exists(HARNESS):
        failures.append(f"harness {command}: {HARNESS} is missing (run bench/device/publish.sh on the .NET machine, carry bench/DeviceCheck/publish)")
        say(f"FAIL {failures[-1]}")
        return
    env = dict(os.environ)
    nvrtc = find_nvrtc()
    if nvrtc:
        env["DYT_NVRTC"] = nvrtc
        env["LD_LIBRARY_PATH"] = os.path.dirname(nvrtc) + ":" + os.environ.get("LD_LIBRARY_PATH", "")
    say(f"# harness {command} (NVRTC {nvrtc or 'not found: the harness searches itself'}), timeout {timeout_s:.0f} s")

    def on_line(line):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            say(f"  (not JSON) {line}")
            return
        record(obj)
        try:
            on_object(obj)
        except Exception as error:  # a malformed line must not stop the run
            say(f"  (could not read line: {error!r}) {line[:300]}")

    code, tail, timed_out = run_streaming([HARNESS, command], timeout_s, env, on_line)
    say(f"# harness {command}: exit code {code}{' (killed: timeout)' if timed_out else ''}")
    if tail.strip():
        say("# stderr tail:\n" + "\n".join("#   " + l for l in tail.strip().splitlines()[-15:]))
    if timed_out:
        failures.append(f"harness {command}: timed out after {timeout_s:.0f} s")
    elif code not in (0, 1, 2):  # 1: a case failed, 2: CUDA unavailable; both reported line by line
        failures.append(f"harness {command}: exit code {code} (a crash?); stderr tail: {tail.strip()[-300:]}")


SHORT = {"dweight": "dw", "dbias": "db", "dalpha": "da", "dshift": "ds", "saturated elements not exact": "sat"}


def on_sweep(obj, failures):
    check = obj.get("check")
    if check in ("runtime", "device"):
        say("  " + json.dumps(obj))
        if check == "runtime" and not obj["available"]:
            failures.append(f"CUDA unavailable to the harness: {obj['status']}")
    elif check == "sweep":
        errors = " ".join(f"{SHORT.get(e['output'], e['output'])} {number(e['error'], 2)}<={number(e['limit'], 1)}{'' if e['pass'] else '!'}"
                          for e in obj.get("errors", []))
        kernels = ",".join(sorted({k.split("_", 2)[-1] for k in obj.get("kernels", []) if "reduce" not in k}))
        repeat = "" if "repeat_bitwise" not in obj else (" bits same" if obj["repeat_bitwise"] else " bits DIFFER")
        say(f"{'ok  ' if obj['pass'] else 'FAIL'} {obj['case']}: {errors}{repeat} [{kernels}] {obj.get('seconds', 0):.1f}s")
        for failure in obj.get("failures", []):
            failures.append(f"sweep {obj['case']}: {failure}")
            say(f"     cause: {failure}")
    elif check == "sweep summary":
        say(f"# sweep: {obj['cases']} cases, {obj['failed']} failed")


def on_bench(obj, rows, failures):
    check = obj.get("check")
    if check in ("runtime", "device", "load"):
        say("  " + json.dumps(obj))
        if check == "load" and not obj.get("ok"):
            failures.append(f"load {obj['program']}: {obj['status']}")
        return
    if check != "bench":
        return
    key = (obj["rows"], obj["channels"], obj["dtype"])
    if "failure" in obj:
        failures.append(f"bench {obj['norm']} {key}: {obj['failure']}")
        say(f"FAIL bench {obj['norm']} {key}: {obj['failure']}")
        return
    rows.append(dict(impl=f"ours {obj['norm']}", norm=obj["norm"], key=key, fwd=obj["fwd_ms"], bwd=obj["bwd_ms"],
                     total=obj["fwd_ms"] + obj["bwd_ms"], fwd_gbs=obj["fwd_gbs"], copy_gbs=obj["copy_gbs"]))
    kernels = " + ".join(f"{k['kernel'].split(':', 1)[1].replace('norm_reduce_rows', 'reduce')} {number(k['ms'])}" for k in obj["bwd_kernels"])
    say(f"ours {obj['norm']:7} {key}: fwd {number(obj['fwd_ms'])} ms ({number(obj['fwd_gbs'], 4)} GB/s, {obj['fwd_share_of_copy']:.0%} of copy "
        f"{number(obj['copy_gbs'], 4)} GB/s), bwd {number(obj['bwd_ms'])} ms ({number(obj['bwd_gbs'], 4)} GB/s) = {kernels}")


# ---------------------------------------------------------------------------------------------------------- PyTorch
def pytorch_rows(rows, failures):
    import torch
    import torch.nn.functional as F

    say(f"# PyTorch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}")
    eps = 1e-6

    def dyt(x, a, s, w, b):
        return w * torch.tanh(a * x) + b

    def derf(x, a, s, w, b):
        return w * torch.erf(a * x + s) + b

    def rms(x, a, s, w, b):  # Hugging Face's LlamaRMSNorm: float32 statistics, weight in the input's type
        h = x.float()
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
        return w * h.to(x.dtype)

    eager = {"Dyt": dyt, "RmsNorm": rms, "Derf": derf}
    # Specialised to each shape and type (no dynamic-shape kernels): torch.compile at its fastest.
    compiled = {name: torch.compile(fn, dynamic=False) for name, fn in eager.items()}

    def timed(fn):
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

    # The most telling rows first: the large shape, compiled, each norm.
    plan = []
    for (r, c) in SHAPES:
        for dtype in DTYPES:
            for norm in NORMS:
                plan.append((f"torch.compile {norm}", norm, compiled[norm], (r, c), dtype))
            for norm in NORMS:
                plan.append((f"eager {norm}", norm, eager[norm], (r, c), dtype))
            plan.append(("F.layer_norm", None, lambda x, a, s, w, b: F.layer_norm(x, (x.shape[-1],), w, b), (r, c), dtype))
            plan.append(("F.rms_norm", None, lambda x, a, s, w, b: F.rms_norm(x, (x.shape[-1],), w, eps), (r, c), dtype))
            plan.append(("copy_", None, None, (r, c), dtype))

    for impl, norm, fn, (r, c), dname in plan:
        key = (r, c, dname)
        if elapsed() > BUDGET_S - 45:
            say(f"skip {impl} {key}: time budget")
            rows.append(dict(impl=impl, norm=norm, key=key, error="skipped: time budget"))
            continue
        try:
            dtype = getattr(torch, dname)
            g = torch.Generator(device="cuda").manual_seed(0)
            x = (torch.rand((r, c), generator=g, device="cuda") * 4 - 2).to(dtype)
            dy = (torch.rand((r, c), generator=g, device="cuda") * 2 - 1).to(dtype)
            w = (torch.rand(c, generator=g, device="cuda") + 0.5).to(dtype)
            b = (torch.rand(c, generator=g, device="cuda") - 0.5).to(dtype)
            a = torch.tensor([0.5], device="cuda", dtype=dtype)
            s = torch.tensor([0.1], device="cuda", dtype=dtype)
            n_bytes = r * c * x.element_size()
            if fn is None:
                y = torch.empty_like(x)
                copy_ms = timed(lambda: y.copy_(x))
                rows.append(dict(impl=impl, norm=None, key=key, fwd=copy_ms, fwd_gbs=2 * n_bytes / copy_ms / 1e6))
                say(f"{impl} {key}: {number(copy_ms)} ms, {number(2 * n_bytes / copy_ms / 1e6, 4)} GB/s")
                continue
            with torch.no_grad():
                fwd = timed(lambda: fn(x, a, s, w, b))
            params = [p.clone().requires_grad_(True) for p in (a, s, w, b)]
            xg = x.clone().requires_grad_(True)

            def forward_backward():
                xg.grad = None
                for p in params:
                    p.grad = None
                fn(xg, *params).backward(dy)

            total = timed(forward_backward)
            rows.append(dict(impl=impl, norm=norm, key=key, fwd=fwd, bwd=total - fwd, total=total, fwd_gbs=2 * n_bytes / fwd / 1e6))
            say(f"{impl} {key}: fwd {number(fwd)} ms, fwd+bwd {number(total)} ms")
            del xg, params
            torch.cuda.empty_cache()
        except Exception as error:
            cause = f"{type(error).__name__}: {str(error).strip().splitlines()[0][:300] if str(error).strip() else ''}"
            rows.append(dict(impl=impl, norm=norm, key=key, error=cause))
            say(f"FAIL {impl} {key}: {cause}")
            say("\n".join("     " + l for l in traceback.format_exc().strip().splitlines()[-4:]))
        record(rows[-1] | {"key": list(key)})


# ---------------------------------------------------------------------------------------------------------- probe
def probe_torchsharp(failures):
    library = os.path.join(PUBLISH, "libLibTorchSharp.so")
    try:
        import torch
        lib, version = os.path.join(os.path.dirname(torch.__file__), "lib"), torch.__version__
    except ImportError:
        lib, version = "", "none"
    if not os.path.exists(library):
        say(f"probe: {library} missing")
        return
    env = dict(os.environ, LD_BIND_NOW="1", LD_LIBRARY_PATH=lib + ":" + os.environ.get("LD_LIBRARY_PATH", ""))
    say(f"# TorchSharp 0.107 native library (built for LibTorch 2.10) against PyTorch {version}'s libtorch, every symbol bound at load")

    def on_line(line):
        say("  " + line)
        try:
            record(json.loads(line))
        except json.JSONDecodeError:
            pass

    code, tail, timed_out = run_streaming([HARNESS, "probe", library], 30, env, on_line)
    say(f"# probe: exit code {code}{' (killed: timeout)' if timed_out else ''}")
    if tail.strip():
        say("# stderr tail:\n" + "\n".join("#   " + l for l in tail.strip().splitlines()[-10:]))


# ---------------------------------------------------------------------------------------------------------- summary
def summary(rows, failures):
    lines = []
    for key in sorted({r["key"] for r in rows}, key=lambda k: (-k[0] * k[1], k[2])):
        here = [r for r in rows if r["key"] == key]
        copy = max((r.get("copy_gbs") or 0 for r in here), default=0) or max((r.get("fwd_gbs") or 0 for r in here if r["impl"] == "copy_"), default=0)
        lines.append(f"\n## ({key[0]}, {key[1]}) {key[2]}: copy {number(copy, 4)} GB/s")
        lines.append("| impl | fwd ms | fwd GB/s | fwd % copy | bwd ms | fwd+bwd ms |")
        lines.append("|---|---|---|---|---|---|")
        for r in here:
            if "error" in r:
                lines.append(f"| {r['impl']} | {r['error']} |")
                continue
            share = 100 * r["fwd_gbs"] / copy if copy and r.get("fwd_gbs") else None
            lines.append(f"| {r['impl']} | {number(r.get('fwd'))} | {number(r.get('fwd_gbs'), 4)} | {number(share, 3)} | {number(r.get('bwd'))} | {number(r.get('total'))} |")
    verdicts = []
    for key in sorted({r["key"] for r in rows}, key=lambda k: (-k[0] * k[1], k[2])):
        for norm in NORMS:
            mine = next((r for r in rows if r["key"] == key and r["impl"] == f"ours {norm}" and "error" not in r), None)
            theirs = next((r for r in rows if r["key"] == key and r["impl"] == f"torch.compile {norm}" and "error" not in r), None)
            if not mine:
                verdicts.append(f"{norm} {key}: no result for our kernels")
                continue
            share = mine["fwd_gbs"] / mine["copy_gbs"]
            target = key[:2] == SHAPES[0]
            verdicts.append(f"{norm} {key}: forward at {share:.0%} of copy bandwidth" +
                            (f" (target >= 85%): {'met' if share >= 0.85 else 'NOT met'}" if target else " (for information: the input fits in L2)"))
            if theirs:
                verdicts.append(f"{norm} {key}: fwd+bwd {number(mine['total'])} ms vs torch.compile {number(theirs['total'])} ms "
                                f"(target: faster): {'met' if mine['total'] < theirs['total'] else 'NOT met'}")
            else:
                verdicts.append(f"{norm} {key}: no torch.compile result to compare with")
    lines.append("\n## GPU targets")
    lines += ["- " + v for v in verdicts]
    lines.append(f"\n## Failures ({len(failures)})")
    lines += ["- " + f for f in failures] if failures else ["- none"]
    not_met = sum("NOT met" in v for v in verdicts)
    lines.append(f"\nRESULT: {len(failures)} failure(s), {not_met} target(s) not met, {elapsed():.0f} s")
    text = "\n".join(lines)
    say(text)
    if OUT:
        with open(os.path.join(OUT, "device-check-summary.txt"), "w") as f:
            f.write(text + "\n")


def main():
    failures, rows = [], []
    say(f"# DyT.Generated device check: sweep, bench, PyTorch, probe; budget {BUDGET_S} s")
    harness("sweep", min(110, BUDGET_S - elapsed()), failures, lambda obj: on_sweep(obj, failures))
    harness("bench", min(70, BUDGET_S - elapsed()), failures, lambda obj: on_bench(obj, rows, failures))
    try:
        pytorch_rows(rows, failures)
    except Exception as error:  # PyTorch missing or CUDA unusable: report it, keep the rest
        failures.append(f"PyTorch: {type(error).__name__}: {error}")
        say(f"FAIL PyTorch: {error!r}")
    try:
        probe_torchsharp(failures)
    except Exception as error:
        say(f"probe failed to run: {error!r}")
    summary(rows, failures)
    return 0 if not failures else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--demo":
        # Runs the printing code on made-up lines: checks the script on a machine without a GPU.
        demo_failures, demo_rows = [], []
        on_sweep({"check": "sweep", "case": "Dyt Float32 64x384", "pass": True, "repeat_bitwise": True, "seconds": 0.2,
                  "kernels": ["dyt_backward_f32_v4", "dyt_forward_f32_v4", "norm_reduce_rows"],
                  "errors": [{"output": "y", "error": 1.2e-7, "limit": 1e-5, "pass": True, "where": ""},
                             {"output": "dalpha", "error": 3e-4, "limit": 2e-5, "pass": False, "where": "(1.0 for 1.1)"}],
                  "failures": ["dalpha: 0.0003 (limit 2e-05) at (1.0 for 1.1) FAILED"]}, demo_failures)
        on_bench({"check": "bench", "norm": "Dyt", "dtype": "bfloat16", "rows": 8192, "channels": 4096, "fwd_ms": 0.05, "bwd_ms": 0.09,
                  "copy_ms": 0.045, "fwd_gbs": 2700.0, "bwd_gbs": 2200.0, "copy_gbs": 3000.0, "fwd_share_of_copy": 0.9,
                  "bwd_kernels": [{"kernel": "0:dyt_backward_bf16_v8", "ms": 0.08, "grid": ""}, {"kernel": "1:norm_reduce_rows", "ms": 0.004, "grid": ""}]},
                 demo_rows, demo_failures)
        demo_rows.append(dict(impl="torch.compile Dyt", norm="Dyt", key=(8192, 4096, "bfloat16"), fwd=0.06, bwd=0.1, total=0.16, fwd_gbs=2200.0))
        demo_rows.append(dict(impl="eager Derf", norm="Derf", key=(8192, 4096, "bfloat16"), error="RuntimeError: demo"))
        summary(demo_rows, demo_failures)
    else:
        sys.exit(main())
