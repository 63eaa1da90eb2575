using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Bench;

// The whole-model benchmark: a LLaMA of width 512 and depth 4 (8 heads, the default 32000-token vocabulary),
// once per norm, declared the way users declare models.
[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.LayerNorm)]
public partial class Llama512LayerNorm { }

[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.RMSNorm)]
public partial class Llama512RmsNorm { }

[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.DyT)]
public partial class Llama512DyT { }

[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.Derf)]
public partial class Llama512Derf { }

/// <summary>
/// <c>--llama-step [steps]</c>: one training step (forward, next-token cross-entropy, backward, AdamW) of the LLaMA above
/// on a batch of 8 sequences of 256 tokens, per norm, the four models alternating step by step so that a shared
/// machine's load falls on all alike; medians, and each as a multiple of LayerNorm's. Then the inference step
/// (forward without grad) per norm; <see cref="InferenceVariants"/> is where a folded model joins that table.
/// </summary>
internal static class LlamaStep
{
    private const int Batch = 8, Tokens = 256, Vocabulary = 32000;

    /// <summary>
    /// The inference cases: each norm's model as generated. Hook for inference folding (issue 12, ask 5): add the folded
    /// model of a norm here as another (name, model) pair, e.g. ("DyT folded", Fold(models["DyT"])), and its forward is
    /// timed in the same interleaved rounds, next to the unfolded one.
    /// </summary>
    private static IEnumerable<(string Name, nn.Module<Tensor, Tensor> Model)> InferenceVariants(
        IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Model)> models) => models;

    public static void Run(int steps)
    {
        MachineHeader.Print($"--llama-step: LLaMA dim 512, depth 4, 8 heads, vocabulary {Vocabulary}, batch {Batch}x{Tokens}, float32, {steps} steps per norm (after 1 warm-up), medians");
        torch.set_num_threads(Environment.ProcessorCount);
        manual_seed(0);
        var models = new List<(string Name, nn.Module<Tensor, Tensor> Model)>
        {
            ("LayerNorm", new Llama512LayerNorm()), ("RMSNorm", new Llama512RmsNorm()), ("DyT", new Llama512DyT()), ("Derf", new Llama512Derf()),
        };
        using var tokens = randint(0, Vocabulary, new long[] { Batch, Tokens + 1 });
        using var inputs = tokens[.., ..Tokens];
        using var targets = tokens[.., 1..].reshape(-1);

        var optimizers = models.Select(m => optim.AdamW(m.Model.parameters(), 1e-4)).ToArray();
        var training = Interleave(models.Count, steps, m =>
        {
            using var scope = NewDisposeScope();
            optimizers[m].zero_grad();
            var logits = models[m].Model.forward(inputs);
            nn.functional.cross_entropy(logits.reshape(-1, Vocabulary), targets).backward();
            optimizers[m].step();
        });
        Print("training step", models.Select(m => m.Name).ToList(), training);

        var variants = InferenceVariants(models).ToList();
        foreach (var (_, model) in variants) model.eval();
        var inference = Interleave(variants.Count, steps, m =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            variants[m].Model.forward(inputs);
        });
        Print("inference step (forward, no grad)", variants.Select(v => v.Name).ToList(), inference);
        Console.WriteLine($"load average at end: {MachineHeader.LoadAverage()}");
    }

    private static double[] Interleave(int count, int steps, Action<int> step)
    {
        var times = Enumerable.Range(0, count).Select(_ => new List<double>()).ToArray();
        for (var round = -1; round < steps; round++) // round -1 warms up
            for (var m = 0; m < count; m++)
            {
                var clock = Stopwatch.StartNew();
                step(m);
                if (round >= 0) times[m].Add(clock.Elapsed.TotalMilliseconds);
            }
        return times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
    }

    private static void Print(string what, IReadOnlyList<string> names, double[] medians)
    {
        Console.WriteLine($"| {what} | median | x LayerNorm |");
        Console.WriteLine("|---|---|---|");
        for (var m = 0; m < names.Count; m++) Console.WriteLine($"| {names[m]} | {medians[m]:F0} ms | {medians[m] / medians[0]:F3} |");
        Console.WriteLine();
    }
}
