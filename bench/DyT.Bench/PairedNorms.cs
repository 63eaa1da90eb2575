using System.Diagnostics;
using static DyT.Bench.RoundStatistics;

namespace DyT.Bench;

/// <summary>
/// <c>--paired-norms [rounds]</c>: the cases of <see cref="NormBenchmarks"/>, timed with a stopwatch in rounds that run
/// every case once, in turn (each round starting one case later), so that the load of a shared machine falls on all
/// cases alike (BenchmarkDotNet runs one
/// case after another, and on the 2-core build machine single rows moved 2-3x between runs). Prints the machine, the
/// median of each case as a multiple of the copy and of LayerNorm in the same pass, and issue 12's target ratios.
/// </summary>
internal static class PairedNorms
{
    private static readonly string[] Norms = ["LayerNorm", "RmsNormUnfused", "RmsNormFused", "DytUnfused", "DytFused", "DerfUnfused", "DerfFused"];

    private static readonly (string Pass, string Case, Action<NormBenchmarks> Run)[] Cases =
    [
        ("forward", "Copy", b => b.Copy()),
        ("forward", "EmptyLike", b => b.EmptyLike()),
        .. Norms.Select(n => ("forward", n, (Action<NormBenchmarks>)(b => b.Forward(n)))),
        .. Norms.Select(n => ("backward", n, (Action<NormBenchmarks>)(b => b.Backward(n)))),
        .. Norms.Select(n => ("fwd+bwd", n, (Action<NormBenchmarks>)(b => b.ForwardBackward(n)))),
    ];

    /// <summary>Issue 12's targets: (pass, numerator case, denominator case, bound, at most or at least).</summary>
    private static readonly (string Pass, string Case, string Over, double Bound, bool AtMost)[] Targets =
    [
        ("fwd+bwd", "DytFused", "LayerNorm", 1.0, true),
        ("forward", "DytFused", "LayerNorm", 1.0, true),
        ("fwd+bwd", "RmsNormFused", "LayerNorm", 1.0, true),
        ("fwd+bwd", "DerfFused", "LayerNorm", 1.3, true),
        ("fwd+bwd", "DytUnfused", "DytFused", 5.0, false),
        ("fwd+bwd", "RmsNormUnfused", "RmsNormFused", 5.0, false),
        ("fwd+bwd", "DerfUnfused", "DerfFused", 5.0, false),
        ("forward", "DytUnfused", "DytFused", 5.0, false),
        ("forward", "RmsNormUnfused", "RmsNormFused", 5.0, false),
        ("forward", "DerfUnfused", "DerfFused", 5.0, false),
    ];

    public static void Run(int rounds)
    {
        MachineHeader.Print($"--paired-norms: float32, {rounds} rounds per shape (after 3 warm-up rounds), medians");
        var targets = new List<PairedNormsProcesses.Target>();
        Console.WriteLine("| shape | pass | case | median | x copy | x LayerNorm |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var shape in new[] { "8x512x768", "32x197x384" })
        {
            var medians = Measure(shape, rounds);
            double Median(string pass, string name) => medians[Array.FindIndex(Cases, k => k.Pass == pass && k.Case == name)];
            var copy = Median("forward", "Copy");
            for (var c = 0; c < Cases.Length; c++)
            {
                var (pass, name, _) = Cases[c];
                var layerNorm = Median(pass, "LayerNorm");
                Console.WriteLine($"| {shape} | {pass} | {name} | {medians[c]:F3} ms | {medians[c] / copy:F2} | {medians[c] / layerNorm:F2} |");
            }
            foreach (var (pass, name, over, bound, atMost) in Targets)
                targets.Add(new(shape, $"{name} / {over}, {pass}", Median(pass, name) / Median(pass, over), bound, atMost));
        }
        Console.WriteLine();
        Console.WriteLine("Issue 12's targets, same run:");
        Console.WriteLine();
        Console.WriteLine("| shape | ratio | value | target | |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var t in targets)
            Console.WriteLine($"| {t.Shape} | {t.Ratio} | {t.Value:F2} | {(t.AtMost ? "<=" : ">=")} {t.Bound:F1} | {(t.Met(t.Value) ? "met" : "not met")} |");
        PairedNormsProcesses.WriteTargets(targets);
        Console.WriteLine();
        Console.WriteLine($"load average at end: {MachineHeader.LoadAverage()}");
    }

    private static double[] Measure(string shape, int rounds)
    {
        var bench = new NormBenchmarks { Shape = shape };
        bench.Setup();
        var times = Cases.Select(_ => new List<double>()).ToArray();
        for (var round = -3; round < rounds; round++) // three warm-up rounds
            for (var i = 0; i < Cases.Length; i++)
            {
                // Each round starts one case later, so that no case always follows the same one (and inherits its
                // effect on the caches and on libtorch's threads); against a fixed order, the targets moved by 0.07 at most.
                var c = (i + Math.Max(0, round)) % Cases.Length;
                var clock = Stopwatch.StartNew();
                Cases[c].Run(bench);
                if (round >= 0) times[c].Add(clock.Elapsed.TotalMilliseconds);
            }
        return times.Select(Median).ToArray();
    }
}
