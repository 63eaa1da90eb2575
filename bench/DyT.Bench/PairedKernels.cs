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

namespace DyT.Bench;

/// <summary>
/// <c>--paired-kernels [rounds]</c>: the CPU kernels' arithmetic alone, float32 (8, 512, 768) in preallocated native
/// buffers (no allocation, no TorchSharp, no autograd), at every vector width this machine accelerates, on libtorch's
/// OpenMP team, next to libtorch's own LayerNorm forward and backward and a copy into a preallocated tensor (the memory
/// floor) on the same shape. Interleaved rounds, medians. Where a fused op misses a target in <c>--paired-norms</c>,
/// this says whether the kernel or the plumbing around it is the cost.
/// </summary>
internal sealed unsafe class PairedKernels
{
    private const int Channels = 768, Rows = 8 * 512;
    private const long Elements = (long)Rows * Channels;
    private float* x, y, dy, dx, weight, bias, dweight, dbias;

    public static void Run(int rounds) => new PairedKernels().Measure(rounds);

    private void Measure(int rounds)
    {
        MachineHeader.Print($"--paired-kernels: float32 (8, 512, 768), {rounds} rounds (after 3 warm-up rounds), medians, all threads");
        torch.set_num_threads(Environment.ProcessorCount);
        manual_seed(0);
        // A fused forward through the TorchSharp layer attaches libtorch's OpenMP team to the kernels.
        using (no_grad()) new DynamicTanh(Channels).forward(randn(2, Channels)).Dispose();

        x = Allocate(Elements);
        y = Allocate(Elements);
        dy = Allocate(Elements);
        dx = Allocate(Elements);
        weight = Allocate(Channels);
        bias = Allocate(Channels);
        dweight = Allocate(Channels);
        dbias = Allocate(Channels);
        var random = new Random(0);
        for (long i = 0; i < Elements; i++)
        {
            x[i] = (float)(random.NextDouble() * 6 - 3);
            dy[i] = (float)(random.NextDouble() * 2 - 1);
        }
        new Span<float>(weight, Channels).Fill(1f);
        new Span<float>(bias, Channels).Clear();
        var shape = DytShape.Rows(Rows, Channels);
        const DytElementType type = DytElementType.Float32;

        using var input = randn(8, 512, Channels);
        using var output = empty_like(input);
        using var upstream = randn(8, 512, Channels);
        var layerNorm = nn.LayerNorm(Channels);
        var leaf = input.detach().requires_grad_(true);
        var graph = layerNorm.forward(leaf.view(leaf.shape));

        var cases = new List<(string Name, string Width, double Bytes, Action Run)>
        {
            ("copy into a tensor (libtorch)", "", 8 * Elements, () => output.copy_(input)),
            ("LayerNorm forward (libtorch, allocates)", "", 8 * Elements, () => { using var _ = no_grad(); layerNorm.forward(input).Dispose(); }),
            ("LayerNorm backward (libtorch, allocates)", "", 12 * Elements, () =>
            {
                using var scope = NewDisposeScope();
                graph.backward(new[] { upstream }, retain_graph: true);
            }),
        };
        foreach (var width in AcceleratedWidths())
        {
            void At(Action kernel) { using (KernelWidths.Force(width)) kernel(); }
            var name = width.ToString();
            cases.Add(("DyT forward", name, 8 * Elements, () => At(() => DytCpuKernel.Forward(type, x, y, shape, 0.5f, weight, bias))));
            cases.Add(("DyT backward", name, 12 * Elements, () => At(() => DytCpuKernel.Backward(type, x, dy, dx, shape, 0.5f, weight, dweight, dbias))));
            cases.Add(("Derf forward", name, 8 * Elements, () => At(() => DerfCpuKernel.Forward(type, x, y, shape, 0.5f, 0.1f, weight, bias))));
            cases.Add(("Derf backward", name, 12 * Elements, () => At(() => DerfCpuKernel.Backward(type, x, dy, dx, shape, 0.5f, 0.1f, weight, dweight, dbias))));
            cases.Add(("RMSNorm forward", name, 8 * Elements, () => At(() => RmsNormCpuKernel.Forward(type, x, y, shape, 1e-6, weight))));
            cases.Add(("RMSNorm backward", name, 12 * Elements, () => At(() => RmsNormCpuKernel.Backward(type, x, dy, dx, shape, 1e-6, weight, dweight))));
        }

        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var round = -3; round < rounds; round++)
            for (var c = 0; c < cases.Count; c++)
            {
                var clock = Stopwatch.StartNew();
                cases[c].Run();
                if (round >= 0) times[c].Add(clock.Elapsed.TotalMilliseconds);
            }
        var medians = times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
        var layerNormForward = medians[1];
        Console.WriteLine("| kernel | width | median | GB/s (bytes read + written) | x LayerNorm forward |");
        Console.WriteLine("|---|---|---|---|---|");
        for (var c = 0; c < cases.Count; c++)
            Console.WriteLine($"| {cases[c].Name} | {cases[c].Width} | {medians[c]:F3} ms | {cases[c].Bytes / medians[c] / 1e6:F1} | {medians[c] / layerNormForward:F2} |");
        Console.WriteLine();
        Console.WriteLine($"load average at end: {MachineHeader.LoadAverage()}");
        foreach (var pointer in new[] { x, y, dy, dx, weight, bias, dweight, dbias }) NativeMemory.AlignedFree(pointer);
    }

    /// <summary>The widths that run in hardware here (a forced width the hardware lacks runs in software, far slower).</summary>
    private static IEnumerable<KernelWidth> AcceleratedWidths()
    {
        if (Vector128.IsHardwareAccelerated && (Fma.IsSupported || !X86Base.IsSupported)) yield return KernelWidth.Vector128;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) yield return KernelWidth.Vector256;
        if (Vector512.IsHardwareAccelerated) yield return KernelWidth.Vector512;
    }

    private static float* Allocate(long count) => (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
}
