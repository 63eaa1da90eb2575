using System;
using System.Linq;
using DyT.Generation;
using DyT.Runtime.Tests.Kernels;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Generation;

// In the training-memory collection: alone, since tests running beside it would move the process working set.
[Collection(nameof(TrainingMemoryTests))]
public class GenerationMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void A_thousand_generated_tokens_keep_live_tensors_and_process_memory_flat()
    {
        var model = (ICausalLanguageModel)GenerationModels.Randomize(new GenLlamaLong(), seed: 2);
        var statistics = DisposeScopeManager.Statistics;
        long liveAt200 = 0, workingSetAt200 = 0, count = 0;

        foreach (var _ in model.Generate([1L, 2, 3, 4], new GenerationOptions { MaxNewTokens = 1000, Temperature = 0.8, Seed = 3 }))
        {
            if (++count != 200) continue;
            liveAt200 = statistics.ThreadTotalLiveCount;
            workingSetAt200 = SettledWorkingSet();
        }
        var liveGrowth = statistics.ThreadTotalLiveCount - liveAt200;
        var workingSetGrowth = SettledWorkingSet() - workingSetAt200;

        output.WriteLine($"{count} tokens; from token 200 to 1000: live tensors {liveGrowth:+0;-0;0}, working set {workingSetGrowth / (1 << 20):+0;-0;0} MB");
        Assert.Equal(1000, count);
        Assert.True(liveGrowth <= 0, $"{liveGrowth} more live tensors after 800 more tokens: each step leaks");
        Assert.True(workingSetGrowth < 32L << 20, $"working set grew by {workingSetGrowth >> 20} MB over 800 tokens");
    }

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Environment.WorkingSet;
    }
}
