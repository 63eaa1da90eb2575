using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cuda;
using DyT.Runtime.Tests.Kernels.Cuda.Checks;

namespace DyT.DeviceCheck;

/// <summary>
/// Speed on the GPU, CUDA events on stream 0, medians of 20 after 3 warm-ups, per norm, element type and shape:
/// forward, backward, a device-to-device copy of the input (the bandwidth ceiling), and the backward kernel by kernel
/// (the main pass, then each reduction level), which measures the two design risks of issue 12: the forward grid
/// (one block per tile of 1024 vectors, uncapped: forward GB/s as a share of copy GB/s) and the reduction of the
/// partial sums (its levels' time against the main pass). GB/s counts the bytes a fused kernel must move: forward
/// reads x and writes y (2 n s), backward reads x and dy and writes dx (3 n s). First, each program's NVRTC compile
/// and module load time.
/// </summary>
internal static unsafe class BenchCheck
{
    private const int Warmups = 3, Iterations = 20;

    public static readonly (long Rows, int Channels)[] Shapes = [(8192, 4096), (6304, 384)];

    public static int Run(int device)
    {
        foreach (var program in CudaProgram.All)
        {
            var clock = Stopwatch.StartNew();
            var loaded = CudaRuntime.Shared.TryLoad(program, device, out _, out var status);
            new JsonLine().Add("check", "load").Add("program", program.FileName).Add("ok", loaded).Add("seconds", clock.Elapsed.TotalSeconds)
                .Add("status", status).Print();
        }
        var failed = 0;
        foreach (var (rows, channels) in Shapes)
        foreach (var type in new[] { DytElementType.BFloat16, DytElementType.Float32 })
        foreach (var norm in new[] { FusedNorm.Dyt, FusedNorm.RmsNorm, FusedNorm.Derf })
        {
            var line = new JsonLine().Add("check", "bench").Add("norm", norm.ToString()).Add("dtype", Name(type)).Add("rows", rows).Add("channels", (long)channels);
            try
            {
                Measure(norm, type, rows, channels, device, line);
            }
            catch (Exception error)
            {
                failed++;
                line.Add("failure", $"{error.GetType().Name}: {error.Message}");
            }
            line.Print();
        }
        return failed == 0 ? 0 : 1;
    }

    private static void Measure(FusedNorm norm, DytElementType type, long rows, int channels, int device, JsonLine line)
    {
        var driver = CudaRuntime.Shared.Driver;
        var module = CudaRuntime.Shared.Module(SweepCheck.Program(norm), device);
        using var memory = new DeviceMemory(driver, device);
        var n = rows * channels;
        var bytes = n * type.Size();
        var random = new Random(1);
        nint Filled(long count, DytElementType as_)
        {
            var values = new float[count];
            for (long i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 4 - 2);
            var pointer = memory.Allocate(count * as_.Size());
            memory.Upload(pointer, ElementCodec.Encode(as_, values));
            return pointer;
        }
        nint x = Filled(n, type), dy = Filled(n, type), y = memory.Allocate(bytes), dx = memory.Allocate(bytes);
        nint w = Filled(channels, DytElementType.Float32), b = Filled(channels, DytElementType.Float32), scalars = Filled(2, DytElementType.Float32);
        nint dw = memory.Allocate(4L * channels), db = memory.Allocate(4L * channels), dscalars = memory.Allocate(8);
        var shape = DytShape.Rows(rows, channels);
        var pointwise = norm == FusedNorm.Dyt ? PointwiseNorm.Dyt : PointwiseNorm.Derf;
        var shift = norm == FusedNorm.Derf ? scalars + 4 : 0;
        var workspaceBytes = norm == FusedNorm.RmsNorm ? RmsNormLaunches.WorkspaceBytes(module, type, shape) : pointwise.WorkspaceBytes(module, type, shape);
        var workspace = memory.Allocate(workspaceBytes);

        void Forward(IKernelDevice on)
        {
            if (norm == FusedNorm.RmsNorm) RmsNormLaunches.Forward(on, type, x, y, shape, w, 1e-6f);
            else pointwise.Forward(on, type, x, y, shape, scalars, shift, w, b);
        }
        void Backward(IKernelDevice on)
        {
            if (norm == FusedNorm.RmsNorm) RmsNormLaunches.Backward(on, type, x, dy, dx, shape, w, 1e-6f, dw, workspace, workspaceBytes);
            else pointwise.Backward(on, type, x, dy, dx, shape, scalars, shift, w, dw, db, dscalars, norm == FusedNorm.Derf ? dscalars + 4 : 0, workspace, workspaceBytes);
        }

        var forward = Median(driver, () => Forward(module));
        var backward = Median(driver, () => Backward(module));
        var copy = Median(driver, () => driver.CopyOnDevice(y, x, bytes));
        var kernels = KernelTimes(driver, module, Backward);
        line.Add("fwd_ms", forward).Add("bwd_ms", backward).Add("copy_ms", copy)
            .Add("fwd_gbs", 2.0 * bytes / forward / 1e6).Add("bwd_gbs", 3.0 * bytes / backward / 1e6).Add("copy_gbs", 2.0 * bytes / copy / 1e6)
            .Add("fwd_share_of_copy", copy / forward)
            .Add("bwd_kernels", kernels.Select(k => new JsonLine().Add("kernel", k.Label).Add("ms", k.Milliseconds).Add("grid", k.Grid)))
            .Add("workspace_bytes", workspaceBytes);
    }

    private static double Median(CudaDriver driver, Action launch)
    {
        for (var i = 0; i < Warmups; i++) launch();
        driver.Synchronize();
        var times = Enumerable.Range(0, Iterations).Select(_ => (double)driver.Time(launch)).OrderBy(t => t).ToArray();
        return times[Iterations / 2];
    }

    // Each launch of one backward timed on its own (events around it), medians over the iterations.
    private static List<(string Label, double Milliseconds, string Grid)> KernelTimes(CudaDriver driver, IKernelDevice module, Action<IKernelDevice> backward)
    {
        var timed = new TimingDevice(driver, module);
        backward(timed);
        driver.Synchronize();
        var samples = new List<List<double>>();
        for (var i = 0; i < Iterations; i++)
        {
            timed.Clear();
            backward(timed);
            var times = timed.Collect();
            for (var k = 0; k < times.Count; k++)
            {
                if (samples.Count <= k) samples.Add(new List<double>());
                samples[k].Add(times[k]);
            }
        }
        return samples.Select((s, k) => ($"{k}:{timed.Labels[k].Kernel}", s.OrderBy(t => t).ElementAt(s.Count / 2), timed.Labels[k].Grid)).ToList();
    }

    private static string Name(DytElementType type) => type switch
    {
        DytElementType.Float32 => "float32",
        DytElementType.Float16 => "float16",
        _ => "bfloat16",
    };

    // Records an event pair around every launch.
    private sealed class TimingDevice(CudaDriver driver, IKernelDevice inner) : IKernelDevice
    {
        private readonly List<(nint Start, nint Stop)> events = new();
        private int used;

        public List<(string Kernel, string Grid)> Labels { get; } = new();

        public int Multiprocessors => inner.Multiprocessors;

        public int ActiveBlocksPerMultiprocessor(string kernel, int threadsPerBlock, int sharedBytes) =>
            inner.ActiveBlocksPerMultiprocessor(kernel, threadsPerBlock, sharedBytes);

        public void Launch(string kernel, Launch launch, KernelArguments arguments)
        {
            if (used == events.Count) events.Add((driver.CreateEvent(), driver.CreateEvent()));
            if (Labels.Count == used) Labels.Add((kernel, $"{launch.GridX}x{launch.GridY} blocks of {launch.BlockX}x{launch.BlockY}"));
            var (start, stop) = events[used++];
            driver.Record(start);
            inner.Launch(kernel, launch, arguments);
            driver.Record(stop);
        }

        public void Clear() => used = 0;

        public List<double> Collect() => events.Take(used).Select(e => (double)driver.Elapsed(e.Start, e.Stop)).ToList();
    }
}
