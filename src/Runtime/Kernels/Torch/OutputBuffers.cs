using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// The one input-sized buffer each CPU op returns (y forward, dx backward). An op allocates it after all its small
/// native allocations (parameter aliases, gradient vectors, scalar buffers), never before: with glibc's malloc, small
/// blocks allocated after a multi-MB output and freed before it kept the freed outputs from being reused, and two
/// chained fused DyT forwards on an 8x512x768 float32 input, under no_grad on a program's main thread, grew the process
/// by about 12 MB per pair of calls: 1.3 GB after 100 pairs, 6.3 GB after 500. Allocated last, the process stays flat
/// (TrainingMemoryTests). tcmalloc does not show the growth either way.
/// </summary>
internal static class OutputBuffers
{
    /// <summary>An uninitialized tensor of <paramref name="x"/>'s shape, dtype and device: call it last.</summary>
    public static Tensor LikeInput(Tensor x) => empty_like(x);
}
