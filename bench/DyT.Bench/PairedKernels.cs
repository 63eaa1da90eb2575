using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using DyT.Kernels;
using DyT.Kernels.Cpu;
using DyT.Kernels.Cpu.Simd;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;
using static DyT.Bench.RoundStatistics;

namespace DyT.Bench;

/// <summary>
/// <c>--paired-kernels [rounds]</c>: the CPU kernels' arithmetic alone, float32 (8, 512, 768) and (32, 197, 384) (whose
/// three backward tensors, 9.7 MB each, fit a 32 MB L3 cache) in preallocated native buffers (no allocation, no TorchSharp, no autograd), at every vector width this machine accelerates, on libtorch's
/// OpenMP team, next to libtorch's own LayerNorm forward and backward and a copy into a preallocated tensor (the memory
/// floor) on the same shape, and each kernel once more on bfloat16 at the width the kernels pick here (the staged path
/// through float32 buffers: a JIT inlining failure once made its forward 15x slower than float32's, unseen by a
/// float32-only table). Interleaved rounds, medians. Where a fused op misses a target in <c>--paired-norms</c>, this
/// says whether the kernel or the plumbing around it is the cost.
/// </summary>
internal sealed unsafe class PairedKernels
{
    private static readonly long[][] Shapes = [[8, 512, 768], [32, 197, 384]];

    private readonly long[] dims;
    private readonly int channels, rows;
    private readonly long elements;
    private float* x, y, dy, dx, weight, bias, dweight, dbias;
    private ushort* halfX, halfY, halfDy, halfDx;

    private PairedKernels(long[] dims)
    {
        this.dims = dims;
        channels = (int)dims[^1];
        rows = (int)(dims[0] * dims[1]);
        elements = (long)rows * channels;
    }

    public static void Run(int rounds)
    {
        MachineHeader.Print($"--paired-kernels: float32 {string.Join(" and ", Shapes.Select(Name))}, {rounds} rounds (after 3 warm-up rounds), medians, all threads");
        torch.set_num_threads(Environment.ProcessorCount);
        // A fused forward through the TorchSharp layer attaches libtorch's OpenMP team to the kernels.
        using (no_grad()) new DynamicTanh(8).forward(randn(2, 8)).Dispose();
        Console.WriteLine("| shape | kernel | width | median | GB/s (bytes read + written) | x LayerNorm forward |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var dims in Shapes) new PairedKernels(dims).Measure(rounds);
        Console.WriteLine();
        Console.WriteLine($"load average at end: {MachineHeader.LoadAverage()}");
    }

    private static string Name(long[] dims) => string.Join('x', dims);

    private void Measure(int rounds)
    {
        manual_seed(0);

        x = Allocate(elements);
        y = Allocate(elements);
        dy = Allocate(elements);
        dx = Allocate(elements);
        weight = Allocate(channels);
        bias = Allocate(channels);
        dweight = Allocate(channels);
        dbias = Allocate(channels);
        var random = new Random(0);
        for (long i = 0; i < elements; i++)
        {
            x[i] = (float)(random.NextDouble() * 6 - 3);
            dy[i] = (float)(random.NextDouble() * 2 - 1);
        }
        halfX = AllocateHalves(elements);
        halfY = AllocateHalves(elements);
        halfDy = AllocateHalves(elements);
        halfDx = AllocateHalves(elements);
        for (long i = 0; i < elements; i++)
        {
            halfX[i] = HalfStaging.RoundToBFloat16(x[i]);
            halfDy[i] = HalfStaging.RoundToBFloat16(dy[i]);
        }
        new Span<float>(weight, channels).Fill(1f);
        new Span<float>(bias, channels).Clear();
        var shape = DytShape.Rows(rows, channels);

        using var input = randn(dims);
        using var output = empty_like(input);
        using var upstream = randn(dims);
        var layerNorm = nn.LayerNorm(channels);
        var leaf = input.detach().requires_grad_(true);
        var graph = layerNorm.forward(leaf.view(leaf.shape));

        var cases = new List<(string Name, string Width, double Bytes, Action Run)>
        {
            ("copy into a tensor (libtorch)", "", 8 * elements, () => output.copy_(input)),
            ("LayerNorm forward (libtorch, allocates)", "", 8 * elements, () => { using var _ = no_grad(); layerNorm.forward(input).Dispose(); }),
            ("LayerNorm backward (libtorch, allocates)", "", 12 * elements, () =>
            {
                using var scope = NewDisposeScope();
                graph.backward(new[] { upstream }, retain_graph: true);
            }),
        };
        // The six kernels on one element type: forward reads x and writes y, backward reads x and dy and writes dx.
        void AddKernels(string suffix, string width, DytElementType type, nint xs, nint ys, nint dys, nint dxs, Func<Action, Action> at)
        {
            var (forwardBytes, backwardBytes) = (2.0 * type.Size() * elements, 3.0 * type.Size() * elements);
            cases.Add(($"DyT forward{suffix}", width, forwardBytes, at(() => DytCpuKernel.Forward(type, (void*)xs, (void*)ys, shape, 0.5f, weight, bias))));
            cases.Add(($"DyT backward{suffix}", width, backwardBytes, at(() => DytCpuKernel.Backward(type, (void*)xs, (void*)dys, (void*)dxs, shape, 0.5f, weight, dweight, dbias))));
            cases.Add(($"Derf forward{suffix}", width, forwardBytes, at(() => DerfCpuKernel.Forward(type, (void*)xs, (void*)ys, shape, 0.5f, 0.1f, weight, bias))));
            cases.Add(($"Derf backward{suffix}", width, backwardBytes, at(() => DerfCpuKernel.Backward(type, (void*)xs, (void*)dys, (void*)dxs, shape, 0.5f, 0.1f, weight, dweight, dbias))));
            cases.Add(($"RMSNorm forward{suffix}", width, forwardBytes, at(() => RmsNormCpuKernel.Forward(type, (void*)xs, (void*)ys, shape, 1e-6, weight))));
            cases.Add(($"RMSNorm backward{suffix}", width, backwardBytes, at(() => RmsNormCpuKernel.Backward(type, (void*)xs, (void*)dys, (void*)dxs, shape, 1e-6, weight, dweight))));
        }
        foreach (var width in AcceleratedWidths())
            AddKernels("", width.ToString(), DytElementType.Float32, (nint)x, (nint)y, (nint)dy, (nint)dx,
                kernel => () => { using (KernelWidths.Force(width)) kernel(); });
        AddKernels(", bfloat16", $"{KernelWidths.Active}", DytElementType.BFloat16, (nint)halfX, (nint)halfY, (nint)halfDy, (nint)halfDx,
            kernel => kernel);

        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var round = -3; round < rounds; round++)
            for (var c = 0; c < cases.Count; c++)
            {
                var clock = Stopwatch.StartNew();
                cases[c].Run();
                if (round >= 0) times[c].Add(clock.Elapsed.TotalMilliseconds);
            }
        var medians = times.Select(Median).ToArray();
        var layerNormForward = medians[1];
        for (var c = 0; c < cases.Count; c++)
            Console.WriteLine($"| {Name(dims)} | {cases[c].Name} | {cases[c].Width} | {medians[c]:F3} ms | {cases[c].Bytes / medians[c] / 1e6:F1} | {medians[c] / layerNormForward:F2} |");
        foreach (var pointer in new[] { x, y, dy, dx, weight, bias, dweight, dbias }) NativeMemory.AlignedFree(pointer);
        foreach (var pointer in new[] { halfX, halfY, halfDy, halfDx }) NativeMemory.AlignedFree(pointer);
    }

    /// <summary>The widths that run in hardware here (a forced width the hardware lacks runs in software, far slower).</summary>
    private static IEnumerable<KernelWidth> AcceleratedWidths()
    {
        if (Vector128.IsHardwareAccelerated && (Fma.IsSupported || !X86Base.IsSupported)) yield return KernelWidth.Vector128;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) yield return KernelWidth.Vector256;
        if (Vector512.IsHardwareAccelerated) yield return KernelWidth.Vector512;
    }

    private static float* Allocate(long count) => (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);

    private static ushort* AllocateHalves(long count) => (ushort*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(ushort)), 64);
}
