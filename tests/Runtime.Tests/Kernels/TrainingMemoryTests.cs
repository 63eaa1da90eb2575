using System;
using System.Linq;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

// Alone: tests running beside it would move the process working set.
[CollectionDefinition(nameof(TrainingMemoryTests), DisableParallelization = true)]
public sealed class TrainingMemoryCollection;

[Collection(nameof(TrainingMemoryTests))]
public class TrainingMemoryTests
{
    [Fact]
    public void A_thousand_training_steps_through_the_fused_function_keep_process_memory_flat()
    {
        var dyt = new DynamicTanh(512);
        var optimizer = optim.SGD(dyt.parameters(), 1e-3);
        using var x = randn(128, 512);      // 256 KB per activation: a leaked tensor per step would add 256 MB
        long baseline = 0;

        for (var step = 0; step < 1000; step++)
        {
            using (NewDisposeScope())
            {
                var input = x.detach().requires_grad_(true);
                var loss = dyt.forward(input).square().mean();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            if (step == 199) baseline = MainThreadScenarios.SettledWorkingSet();
        }
        var growth = MainThreadScenarios.SettledWorkingSet() - baseline;

        Assert.True(growth < 32L << 20, $"working set grew by {growth >> 20} MB over 800 steps");
        Assert.True(float.IsFinite(dyt.Alpha.item<float>()));
    }

    [Theory]
    [InlineData("DyT")]
    [InlineData("RMSNorm")]
    [InlineData("Derf")]
    public void Chained_fused_inference_forwards_on_the_main_thread_keep_process_memory_flat(string kind)
    {
        // Two norms in a row under no_grad on a 12.6 MB input, 120 times, on a process's main thread (MainThreadScenarios).
        // With glibc's malloc (what this test uses unless tcmalloc is preloaded), when the ops allocated their output
        // before their small native allocations (OutputBuffers), the process grew by 0.9-1.3 GB for DyT, 0.27 GB for
        // Derf and up to 0.13 GB for RMSNorm; allocated last, by at most 80 MB, not growing with more calls.
        var line = ChildProcess.Run("chained-forwards", kind, "120").Single(l => l.StartsWith("growth-bytes: "));
        var growth = long.Parse(line["growth-bytes: ".Length..]);

        Assert.True(growth < 256L << 20, $"{kind}: working set grew by {growth >> 20} MB over 120 pairs of chained forwards");
    }
}
