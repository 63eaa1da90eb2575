using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Bench;

/// <summary>The small ViT of the memory figures: MNIST-sized, 17 tokens of width 32.</summary>
[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.DyT)]
public partial class MemoryVit { }

/// <summary>
/// <c>--inference-memory [forwards]</c>: process memory (RSS) over a naive inference loop, <c>forwards</c> no_grad
/// forwards of a small generated ViT at batch 32 that dispose nothing, then the same loop with a dispose scope per
/// forward. Prints RSS at the start, every quarter, at the end and after a full GC, and the growth per forward.
/// </summary>
internal static class InferenceMemory
{
    public static void Run(int forwards)
    {
        manual_seed(0);
        var model = new MemoryVit();
        model.eval();
        using var images = randn(32, 1, 28, 28);
        Console.WriteLine($"| loop | forwards | RSS start | {string.Join(" | ", Enumerable.Range(1, 4).Select(q => $"after {q * forwards / 4}"))} | after full GC | growth per forward |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Measure("naive (no scope)", forwards, () => model.call(images));
        Measure("DisposeScope per forward", forwards, () =>
        {
            using var scope = NewDisposeScope();
            model.call(images);
        });
    }

    private static void Measure(string name, int forwards, Action forward)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < 10; i++) forward();   // warm up the allocator and LibTorch's caches
        var start = Settled();
        var marks = new List<long>();
        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= forwards; i++)
        {
            forward();
            if (i % (forwards / 4) == 0) marks.Add(Environment.WorkingSet);
        }
        var end = marks[^1];
        var settled = Settled();
        Console.WriteLine($"| {name} | {forwards} | {Mb(start)} | {string.Join(" | ", marks.Select(Mb))} | {Mb(settled)} | " +
            $"{(end - start) / (double)forwards / (1 << 20):F3} MB ({clock.Elapsed.TotalSeconds:F0} s) |");
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Environment.WorkingSet;
    }

    private static string Mb(long bytes) => $"{bytes >> 20} MB";
}
