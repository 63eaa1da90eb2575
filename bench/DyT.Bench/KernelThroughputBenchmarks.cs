using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using DyT.Kernels;
using DyT.Kernels.Cpu;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Bench;

/// <summary>
/// The CPU kernel's forward arithmetic on its own: float32 (8, 512, 768) in preallocated native buffers (no
/// allocation, no TorchSharp), on one thread (128 serial calls of 32 rows, each below the kernel's parallel threshold)
/// and on libtorch's OpenMP team (one call), next to LayerNorm's whole forward on the same shape. Their ratio is how
/// far this machine's threads scale on arithmetic-bound code; the one-thread time is the forward's arithmetic floor.
/// </summary>
public unsafe class KernelThroughputBenchmarks
{
    private const int Channels = 768, Rows = 8 * 512, RowsPerSerialCall = 32;
    private float* x, y, weight, bias;
    private Tensor input = null!;
    private nn.Module<Tensor, Tensor> layerNorm = null!;

    [GlobalSetup]
    public void Setup()
    {
        NormalPriority.Restore();
        torch.set_num_threads(Environment.ProcessorCount);
        manual_seed(0);
        input = randn(8, 512, Channels);
        layerNorm = nn.LayerNorm(Channels);
        x = Allocate(Rows * Channels);
        y = Allocate(Rows * Channels);
        weight = Allocate(Channels);
        bias = Allocate(Channels);
        var random = new Random(0);
        for (var i = 0; i < Rows * Channels; i++) x[i] = (float)(random.NextDouble() * 6 - 3);
        for (var c = 0; c < Channels; c++) (weight[c], bias[c]) = (1f, 0f);
        // A fused forward through the TorchSharp layer attaches libtorch's OpenMP team to the kernel.
        using (no_grad()) new DynamicTanh(Channels).forward(randn(2, Channels)).Dispose();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var pointer in new[] { x, y, weight, bias }) NativeMemory.AlignedFree(pointer);
    }

    [Benchmark(Baseline = true)]
    public void LayerNormForward()
    {
        using var _ = no_grad();
        layerNorm.forward(input).Dispose();
    }

    [Benchmark]
    public void KernelForwardOneThread()
    {
        var shape = DytShape.Rows(RowsPerSerialCall, Channels);
        for (var row = 0; row < Rows; row += RowsPerSerialCall)
            DytCpuKernel.Forward(DytElementType.Float32, x + row * Channels, y + row * Channels, shape, 0.5f, weight, bias);
    }

    [Benchmark]
    public void KernelForwardAllThreads() =>
        DytCpuKernel.Forward(DytElementType.Float32, x, y, DytShape.Rows(Rows, Channels), 0.5f, weight, bias);

    private static float* Allocate(long count) => (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
}
