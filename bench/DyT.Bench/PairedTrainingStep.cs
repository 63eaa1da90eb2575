using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using static DyT.Bench.RoundStatistics;

namespace DyT.Bench;

/// <summary>
/// <c>--paired-step</c>: the ViT-S/16 training step of <see cref="TrainingStepBenchmarks"/> timed with a stopwatch,
/// LayerNorm and DyT alternating step by step, so that the load of a shared machine falls on both alike. Prints the
/// median of each and their ratio. (Inside BenchmarkDotNet this step measured 10-15x slower than here, for both.)
/// </summary>
internal static class PairedTrainingStep
{
    public static void Run(int steps)
    {
        manual_seed(0);
        var models = new (string Name, nn.Module<Tensor, Tensor> Model)[] { ("LayerNorm", new VitSmallLayerNorm()), ("DyT", new VitSmallDyT()) };
        var optimizers = models.Select(m => optim.AdamW(m.Model.parameters(), 1e-4)).ToArray();
        using var images = randn(2, 3, 224, 224);
        using var labels = randint(0, 1000, 2);
        var times = models.Select(_ => new List<double>()).ToArray();
        for (var step = -1; step < steps; step++)
            for (var m = 0; m < models.Length; m++)
            {
                var clock = Stopwatch.StartNew();
                using (NewDisposeScope())
                {
                    optimizers[m].zero_grad();
                    nn.functional.cross_entropy(models[m].Model.forward(images), labels).backward();
                    optimizers[m].step();
                }
                if (step >= 0) times[m].Add(clock.Elapsed.TotalMilliseconds); // step -1 warms up
            }
        var medians = times.Select(Median).ToArray();
        for (var m = 0; m < models.Length; m++)
            Console.WriteLine($"| {models[m].Name} | {medians[m]:F0} ms | {medians[m] / medians[0]:F3} | {steps} |");
    }
}
