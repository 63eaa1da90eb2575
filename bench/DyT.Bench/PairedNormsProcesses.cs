using System.Diagnostics;
using System.Globalization;
using static DyT.Bench.RoundStatistics;

namespace DyT.Bench;

/// <summary>
/// <c>--paired-norms [rounds] [processes]</c> with more than one process: runs the harness that many times, each in a
/// new process, one after the other, and prints issue 12's targets as the median and range over the runs. One process
/// is not enough on the shared build machine: run again in a new process, LayerNorm's own forward+backward moved by
/// up to 1.5x, and every ratio to it with it. Each run's full table is kept in a file, named in the output.
/// </summary>
internal static class PairedNormsProcesses
{
    /// <summary>Set in a child's environment: where it writes its targets (<see cref="WriteTargets"/>).</summary>
    public const string TargetsFileVariable = "DYT_PAIRED_NORMS_TARGETS";

    /// <summary>One target of one run: the line of issue 12's table it came from.</summary>
    public sealed record Target(string Shape, string Ratio, double Value, double Bound, bool AtMost)
    {
        public bool Met(double value) => AtMost ? value <= Bound : value >= Bound;

        public string Key => $"{Shape}\t{Ratio}";
    }

    /// <summary>In a child: writes <paramref name="targets"/> where the parent asked, if it did.</summary>
    public static void WriteTargets(IEnumerable<Target> targets)
    {
        var path = Environment.GetEnvironmentVariable(TargetsFileVariable);
        if (string.IsNullOrEmpty(path)) return;
        File.WriteAllLines(path, targets.Select(t => string.Join('\t', t.Shape, t.Ratio,
            t.Value.ToString("R", CultureInfo.InvariantCulture), t.Bound.ToString("R", CultureInfo.InvariantCulture), t.AtMost)));
    }

    public static void Run(int rounds, int processes)
    {
        MachineHeader.Print($"--paired-norms: float32, {rounds} rounds per shape in each of {processes} processes, one after the other; targets as the median and range over the processes");
        var folder = Directory.CreateTempSubdirectory("dyt-paired-norms-").FullName;
        var runs = new List<IReadOnlyList<Target>>();
        for (var run = 1; run <= processes; run++)
        {
            var table = Path.Combine(folder, $"run-{run}.md");
            var targets = Path.Combine(folder, $"run-{run}.targets");
            File.WriteAllText(table, RunChild(rounds, targets));
            runs.Add(ReadTargets(targets));
            Console.WriteLine($"- run {run}: load average {MachineHeader.LoadAverage()} after it; full table in {table}");
        }
        Console.WriteLine();
        Console.WriteLine("Issue 12's targets over the runs:");
        Console.WriteLine();
        Console.WriteLine("| shape | ratio | median | range | target | runs within | |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var first in runs[0])
        {
            var values = runs.Select(r => r.Single(t => t.Key == first.Key).Value).ToArray();
            var median = Median(values);
            var within = values.Count(first.Met);
            Console.WriteLine($"| {first.Shape} | {first.Ratio} | {median:F2} | {values.Min():F2}-{values.Max():F2} | " +
                $"{(first.AtMost ? "<=" : ">=")} {first.Bound:F1} | {within} of {values.Length} | {(first.Met(median) ? "met" : "not met")} (median) |");
        }
        Console.WriteLine();
        Console.WriteLine($"load average at end: {MachineHeader.LoadAverage()}");
    }

    // The same harness in a new process, with this one's arguments (a forced --width included) but one process, and
    // this one's environment (a preloaded allocator included).
    private static string RunChild(int rounds, string targetsFile)
    {
        var arguments = Environment.GetCommandLineArgs()[1..].ToList();
        var at = arguments.IndexOf("--paired-norms");
        arguments = [.. arguments[..(at + 1)], rounds.ToString(CultureInfo.InvariantCulture), "1"];
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(PairedNormsProcesses).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment[TargetsFileVariable] = targetsFile;
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"A --paired-norms run exited with code {child.ExitCode}; its error output ends:\n{Tail(error.Result)}");
        return output;
    }

    private static IReadOnlyList<Target> ReadTargets(string path) =>
        File.ReadAllLines(path).Select(line => line.Split('\t')).Select(f => new Target(f[0], f[1],
            double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture), bool.Parse(f[4]))).ToList();

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
