using System.Diagnostics;

namespace DyT.Bench;

/// <summary>
/// <c>--paired-norms [rounds]</c>: the cases of <see cref="NormBenchmarks"/>, timed with a stopwatch in rounds that run
/// every case once, in turn, so that the load of a shared machine falls on all cases alike (BenchmarkDotNet runs one
/// case after another, and on the 2-core build machine single rows moved 2-3x between runs). Prints the median of each
/// case as a multiple of the copy and of LayerNorm in the same pass, as the README's table.
/// </summary>
internal static class PairedNorms
{
    private static readonly (string Pass, string Case, Action<NormBenchmarks> Run)[] Cases =
    {
        ("forward", "Copy", b => b.Copy()),
        ("forward", "LayerNorm", b => b.LayerNormForward()),
        ("forward", "RmsNorm", b => b.RmsNormForward()),
        ("forward", "DytUnfused", b => b.DytUnfusedForward()),
        ("forward", "DytFused", b => b.DytFusedForward()),
        ("backward", "LayerNorm", b => b.LayerNormBackward()),
        ("backward", "RmsNorm", b => b.RmsNormBackward()),
        ("backward", "DytUnfused", b => b.DytUnfusedBackward()),
        ("backward", "DytFused", b => b.DytFusedBackward()),
        ("fwd+bwd", "LayerNorm", b => b.LayerNormForwardBackward()),
        ("fwd+bwd", "RmsNorm", b => b.RmsNormForwardBackward()),
        ("fwd+bwd", "DytUnfused", b => b.DytUnfusedForwardBackward()),
        ("fwd+bwd", "DytFused", b => b.DytFusedForwardBackward()),
    };

    public static void Run(int rounds)
    {
        Console.WriteLine("| shape | pass | case | median | x copy | x LayerNorm |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var shape in new[] { "8x512x768", "32x197x384" })
        {
            var bench = new NormBenchmarks { Shape = shape };
            bench.Setup();
            var times = Cases.Select(_ => new List<double>()).ToArray();
            for (var round = -3; round < rounds; round++) // three warm-up rounds
                for (var c = 0; c < Cases.Length; c++)
                {
                    var clock = Stopwatch.StartNew();
                    Cases[c].Run(bench);
                    if (round >= 0) times[c].Add(clock.Elapsed.TotalMilliseconds);
                }
            var medians = times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
            var copy = medians[0];
            for (var c = 0; c < Cases.Length; c++)
            {
                var layerNorm = medians[Array.FindIndex(Cases, k => k.Pass == Cases[c].Pass && k.Case == "LayerNorm")];
                Console.WriteLine($"| {shape} | {Cases[c].Pass} | {Cases[c].Case} | {medians[c]:F3} ms | {medians[c] / copy:F2} | {medians[c] / layerNorm:F2} |");
            }
        }
        Console.WriteLine($"({rounds} rounds per shape; medians)");
    }
}
