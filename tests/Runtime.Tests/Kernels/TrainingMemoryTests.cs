using System;
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
            if (step == 199) baseline = SettledWorkingSet();
        }
        var growth = SettledWorkingSet() - baseline;

        Assert.True(growth < 32L << 20, $"working set grew by {growth >> 20} MB over 800 steps");
        Assert.True(float.IsFinite(dyt.Alpha.item<float>()));
    }

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Environment.WorkingSet;
    }
}
