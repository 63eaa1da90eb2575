using System;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests;

/// <summary>
/// This assembly's entry point (the project sets GenerateProgramFile to false). xunit never calls it: tests whose
/// behaviour depends on running on the process's main thread start this assembly as a child process with a scenario.
/// With glibc, only the main thread allocates from the main arena (the brk heap); xunit's test threads get other
/// arenas, which handle multi-megabyte blocks differently, and a console application's training or inference loop runs
/// on the main thread.
/// </summary>
public static class MainThreadScenarios
{
    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["chained-forwards", var kind, var pairs]:
                Console.WriteLine($"growth-bytes: {ChainedForwardsGrowth(kind, int.Parse(pairs))}");
                return 0;
            case ["fused-backward-failure", var change, var path]:
                Console.WriteLine(FusedBackwardFailure(change, path == "fused"));
                return 0;
            default:
                Console.Error.WriteLine($"Expected a scenario: chained-forwards DyT|RMSNorm|Derf PAIRS, or fused-backward-failure input|weight fused|unfused; got [{string.Join(' ', args)}].");
                return 2;
        }
    }

    /// <summary>
    /// Working-set growth over <paramref name="pairs"/> pairs of chained no_grad forwards of one norm on a 12.6 MB
    /// input, after 10 pairs of warm-up: what a model's inference loop does with two norms in a row.
    /// </summary>
    private static long ChainedForwardsGrowth(string kind, int pairs)
    {
        nn.Module<Tensor, Tensor> norm = kind switch
        {
            "DyT" => new DynamicTanh(768),
            "RMSNorm" => new RmsNorm(768),
            "Derf" => new Derf(768),
            _ => throw new ArgumentException($"Expected DyT, RMSNorm or Derf; got {kind}.", nameof(kind)),
        };
        using var x = randn(8, 512, 768);
        long baseline = 0;
        for (var call = 0; call < 10 + pairs; call++)
        {
            using (NewDisposeScope())
            using (no_grad())
                norm.forward(norm.forward(x));
            if (call == 9) baseline = SettledWorkingSet();
        }
        return SettledWorkingSet() - baseline;
    }

    /// <summary>
    /// A DyT forward, then its input or its weight changed in place (as an optimizer step between forward and backward
    /// would), then backward: libtorch refuses it, and the caller must be able to catch that. A child process, because
    /// an exception escaping the fused backward (called from native code) would end the test host.
    /// </summary>
    private static string FusedBackwardFailure(string change, bool fused)
    {
        var dyt = new DynamicTanh(6, 0.8);
        var leaf = randn(3, 6).requires_grad_(true);
        var x = leaf * 1;
        var y = fused ? dyt.forward(x) : dyt.Unfused(x);
        if (change == "input") x.mul_(5);
        else using (no_grad()) dyt.Weight!.add_(1);
        try
        {
            y.sum().backward();
            return "backward returned";
        }
        catch (Exception error)
        {
            return $"caught {error.GetType().Name}: {error.Message.Split('\n')[0]}";
        }
    }

    /// <summary>The process working set after two full collections and the finalizers between them.</summary>
    public static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Environment.WorkingSet;
    }
}

/// <summary>Runs a <see cref="MainThreadScenarios"/> scenario in a child process of this test assembly.</summary>
internal static class ChildProcess
{
    /// <summary>The scenario's output lines; throws with its output when it fails or runs over two minutes.</summary>
    public static string[] Run(params string[] scenario)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var (exitCode, output) = ProcessRunner.Run(dotnet, ["exec", typeof(MainThreadScenarios).Assembly.Location, .. scenario],
            TimeSpan.FromMinutes(2));
        if (exitCode != 0)
            throw new InvalidOperationException($"Scenario [{string.Join(' ', scenario)}] exited with {exitCode}:\n{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
