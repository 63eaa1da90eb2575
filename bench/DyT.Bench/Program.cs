using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace DyT.Bench;

/// <summary>
/// Runs the benchmarks with a short in-process job (this project is run on small shared machines): 3 warmups and
/// 9 measured iterations of about 250 ms each per case. Pass BenchmarkDotNet arguments through, e.g.
/// <c>--filter *NormBenchmarks*</c>. <c>--paired-step [steps]</c> times the ViT-S step outside BenchmarkDotNet;
/// <c>--paired-norms [rounds]</c> times the norm cases in interleaved rounds; <c>--folded-inference [rounds] [filter]</c> times
/// inference before and after <c>NormFolding.Fold</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--paired-step")
        {
            PairedTrainingStep.Run(args.Length > 1 ? int.Parse(args[1]) : 9);
            return;
        }
        if (args.Length > 0 && args[0] == "--folded-inference")
        {
            FoldedInference.Run(args.Length > 1 ? int.Parse(args[1]) : 20, args.Length > 2 ? args[2] : "");
            return;
        }
        if (args.Length > 0 && args[0] == "--paired-norms")
        {
            PairedNorms.Run(args.Length > 1 ? int.Parse(args[1]) : 60);
            return;
        }
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(9)
            .WithIterationTime(TimeInterval.FromMilliseconds(250));
        var config = DefaultConfig.Instance
            .AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
