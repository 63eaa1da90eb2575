using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cuda;
using DyT.Runtime.Tests.Kernels.Cuda.Checks;

namespace DyT.DeviceCheck;

/// <summary>
/// Correctness on the GPU: the tests' sweep (NormSweep: every element type, the 16-byte and the scalar v1 kernels,
/// ragged C, a misaligned pointer, blocks of several row lanes, several column tiles, saturating inputs) plus shapes
/// the size of real layers, where a 100+ multiprocessor GPU gets hundreds of row blocks and so several reduction
/// levels. Each case runs twice: every output's error against float64 with its limit, and whether the second run gave
/// the same bits. One JSON line per case; a failure of one case (an exception) is reported and the next case runs.
/// </summary>
internal static class SweepCheck
{
    public static IEnumerable<NormCase> Cases()
    {
        foreach (var c in NormSweep.All) yield return c;
        foreach (var norm in new[] { FusedNorm.Dyt, FusedNorm.Derf, FusedNorm.RmsNorm })
        {
            yield return new NormCase(norm, DytElementType.Float32, 6304, 384) { Seed = 7 }; // ViT-S: 32 x 197 tokens
            yield return new NormCase(norm, DytElementType.BFloat16, 6304, 384) { Seed = 8 };
            yield return new NormCase(norm, DytElementType.BFloat16, 2048, 4096) { Seed = 9 };
            yield return new NormCase(norm, DytElementType.Float16, 1000, 4100) { Seed = 10 }; // ragged and wide: v1
        }
        yield return new NormCase(FusedNorm.RmsNorm, DytElementType.BFloat16, 1024, 8192) { Seed = 11 };
    }

    /// <summary>The sweep on a GPU.</summary>
    public static int Run(int device) => Run(Cases(), c =>
    {
        var memory = new DeviceMemory(CudaRuntime.Shared.Driver, device);
        return (CudaRuntime.Shared.Module(Program(c.Norm), device), memory, memory);
    });

    /// <summary>
    /// The tests' sweep on the CPU emulation (tests/Runtime.Tests/Kernels/Cuda/Emulation, g++ needed): checks this
    /// harness and bench/device/check.py end to end on a machine without a GPU.
    /// </summary>
    public static int RunEmulated() => Run(NormSweep.All, c =>
    {
        var memory = new DyT.Runtime.Tests.Kernels.Cuda.Emulation.HostMemory();
        return (new DyT.Runtime.Tests.Kernels.Cuda.Emulation.EmulatedDevice(Program(c.Norm), multiprocessors: 20), memory, memory);
    });

    private static int Run(IEnumerable<NormCase> cases, Func<NormCase, (IKernelDevice Device, IKernelMemory Memory, IDisposable Owner)> open)
    {
        var failed = 0;
        var count = 0;
        foreach (var c in cases)
        {
            count++;
            var line = new JsonLine().Add("check", "sweep").Add("case", c.Name);
            var clock = Stopwatch.StartNew();
            try
            {
                var (target, memory, owner) = open(c);
                using var _ = owner;
                var recorder = new RecordingDevice(target);
                var (errors, repeatable) = NormRun.Check(c, recorder, memory);
                var passed = errors.All(e => e.Passed) && repeatable;
                failed += passed ? 0 : 1;
                line.Add("pass", passed).Add("repeat_bitwise", repeatable)
                    .Add("kernels", recorder.Kernels)
                    .Add("errors", errors.Select(e => new JsonLine().Add("output", e.Output).Add("error", e.Error).Add("limit", e.Limit)
                        .Add("pass", e.Passed).Add("where", e.Where)))
                    .Add("failures", errors.Where(e => !e.Passed).Select(e => e.ToString())
                        .Concat(repeatable ? [] : ["a second run gave different bits"]));
            }
            catch (Exception error)
            {
                failed++;
                line.Add("pass", false).Add("failures", [$"{error.GetType().Name}: {error.Message}"]);
            }
            line.Add("seconds", clock.Elapsed.TotalSeconds).Print();
        }
        new JsonLine().Add("check", "sweep summary").Add("cases", count).Add("failed", failed).Print();
        return failed == 0 ? 0 : 1;
    }

    public static CudaProgram Program(FusedNorm norm) => norm switch
    {
        FusedNorm.Dyt => CudaProgram.Dyt,
        FusedNorm.Derf => CudaProgram.Derf,
        _ => CudaProgram.RmsNorm,
    };

    // The device, noting which kernels ran (so a line shows whether the v1 or the 16-byte kernels were checked).
    private sealed class RecordingDevice(IKernelDevice inner) : IKernelDevice
    {
        public SortedSet<string> Kernels { get; } = new(StringComparer.Ordinal);

        public int Multiprocessors => inner.Multiprocessors;

        public int ActiveBlocksPerMultiprocessor(string kernel, int threadsPerBlock, int sharedBytes) =>
            inner.ActiveBlocksPerMultiprocessor(kernel, threadsPerBlock, sharedBytes);

        public void Launch(string kernel, Launch launch, KernelArguments arguments)
        {
            Kernels.Add(kernel);
            inner.Launch(kernel, launch, arguments);
        }
    }
}
