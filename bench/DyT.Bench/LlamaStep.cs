using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using static DyT.Bench.RoundStatistics;

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
/// on a batch of 8 sequences of 256 tokens, per norm, the four models taking turns step by step so that a shared
/// machine's load falls on all alike; medians, and the median over rounds of each step's ratio to LayerNorm's step in
/// the same round. Then the inference step (forward without grad) per norm, two copies of each model, the second folded
/// (<see cref="InferenceVariants"/>), in the same kind of rounds.
/// </summary>
internal static class LlamaStep
{
    private const int Batch = 8, Tokens = 256, Vocabulary = 32000;

    private const string Folded = " folded";

    private static readonly (string Name, Func<nn.Module<Tensor, Tensor>> Create)[] Norms =
    [
        ("LayerNorm", () => new Llama512LayerNorm()), ("RMSNorm", () => new Llama512RmsNorm()),
        ("DyT", () => new Llama512DyT()), ("Derf", () => new Llama512Derf()),
    ];

    /// <summary>
    /// The inference cases: per norm, two copies of the model as trained by the steps above, made one after the other,
    /// the second folded (issue 12, ask 5: <see cref="DyT.Inference.NormFolding.Fold"/>). Both are copies because a
    /// copy that was not folded at all ran 1.009-1.020x the trained model itself (median of per-round ratios,
    /// `--llama-step 10`, tcmalloc), which would have counted against folding.
    /// </summary>
    private static IEnumerable<(string Name, nn.Module<Tensor, Tensor> Model)> InferenceVariants(
        IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Model)> models) =>
        models.SelectMany((m, i) => new[]
        {
            (m.Name, FoldedTwin.Copy(m.Model, Norms[i].Create)),
            (m.Name + Folded, FoldedTwin.Of(m.Model, Norms[i].Create)),
        });

    public static void Run(int steps)
    {
        MachineHeader.Print($"--llama-step: LLaMA dim 512, depth 4, 8 heads, vocabulary {Vocabulary}, batch {Batch}x{Tokens}, float32, {steps} steps per norm (after 1 warm-up), medians");
        torch.set_num_threads(Environment.ProcessorCount);
        manual_seed(0);
        var models = Norms.Select(n => (n.Name, Model: n.Create())).ToList();
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
        PrintInference(variants.Select(v => v.Name).ToList(), inference);
        Console.WriteLine($"load average at end: {MachineHeader.LoadAverage()}");
    }

    /// <summary>
    /// Per norm: unfolded and folded medians, the median over rounds of folded / unfolded (the two run back to back in
    /// each round) with its interquartile range, and the unfolded step as a multiple of LayerNorm's.
    /// </summary>
    private static void PrintInference(IReadOnlyList<string> names, double[][] times)
    {
        Console.WriteLine("| inference step (forward, no grad) | unfolded | folded | folded / unfolded (per round) | interquartile range | unfolded x LayerNorm |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var m = 0; m + 1 < names.Count; m += 2)
        {
            if (names[m + 1] != names[m] + Folded) throw new InvalidOperationException($"Expected {names[m]}{Folded} after {names[m]}; got {names[m + 1]}.");
            var (ratio, spread) = Summary(RatiosPerRound(times, m + 1, m));
            Console.WriteLine($"| {names[m]} | {Median(times[m]):F0} ms | {Median(times[m + 1]):F0} ms | {ratio:F3} | {spread} | {Median(RatiosPerRound(times, m, 0)):F3} |");
        }
        Console.WriteLine();
    }

    /// <summary>
    /// Runs every case once per round, each round starting one case later than the one before (0 1 2 3, 1 2 3 0, ...),
    /// so that no case runs twice in a row or always follows the same one; the times of every case, round by round.
    /// </summary>
    private static double[][] Interleave(int count, int steps, Action<int> step)
    {
        var times = Enumerable.Range(0, count).Select(_ => new double[steps]).ToArray();
        for (var round = -1; round < steps; round++) // round -1 warms up
            for (var i = 0; i < count; i++)
            {
                var m = (i + Math.Max(0, round)) % count;
                var clock = Stopwatch.StartNew();
                step(m);
                if (round >= 0) times[m][round] = clock.Elapsed.TotalMilliseconds;
            }
        return times;
    }

    /// <summary>The median of <paramref name="values"/>, and their interquartile range as text ("q1-q3").</summary>
    private static (double Median, string Spread) Summary(IEnumerable<double> values)
    {
        var all = values.ToArray();
        return (Median(all), $"{Quantile(all, 0.25):F3}-{Quantile(all, 0.75):F3}");
    }

    /// <summary>Round by round, case <paramref name="m"/>'s time over case <paramref name="over"/>'s.</summary>
    private static IEnumerable<double> RatiosPerRound(double[][] times, int m, int over) =>
        times[m].Zip(times[over], (a, b) => a / b);

    /// <summary>Per norm: the median step, and the median over rounds of its ratio to LayerNorm's in the same round.</summary>
    private static void Print(string what, IReadOnlyList<string> names, double[][] times)
    {
        Console.WriteLine($"| {what} | median | x LayerNorm (median of per-round ratios) | interquartile range |");
        Console.WriteLine("|---|---|---|---|");
        for (var m = 0; m < names.Count; m++)
        {
            var (ratio, spread) = Summary(RatiosPerRound(times, m, 0));
            Console.WriteLine($"| {names[m]} | {Median(times[m]):F0} ms | {ratio:F3} | {spread} |");
        }
        Console.WriteLine();
    }
}
