using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DyT.Kernels.Cpu.Simd;
using Perfolizer.Horology;

namespace DyT.Bench;

/// <summary>
/// The harnesses, each printing a self-contained table headed by the machine and its ISA:
/// <list type="bullet">
/// <item><c>--paired-norms [rounds] [processes]</c>: every norm's forward, backward and forward+backward in interleaved
/// rounds, and issue 12's target ratios (<see cref="PairedNorms"/>); with more than one process, the targets' median and
/// range over that many runs, each in a new process (<see cref="PairedNormsProcesses"/>).</item>
/// <item><c>--paired-kernels [rounds]</c>: the CPU kernels' arithmetic alone at every vector width
/// (<see cref="PairedKernels"/>).</item>
/// <item><c>--llama-step [steps]</c>: a LLaMA training step per norm, and its inference step per norm, unfolded and
/// folded (<see cref="LlamaStep"/>).</item>
/// <item><c>--folded-blocks [rounds] [filter]</c>: inference folding per block, norm plus the projections it feeds,
/// folded against unfolded (<see cref="FoldedBlocks"/>).</item>
/// <item><c>--paired-step [steps]</c>: the ViT-S/16 training step, LayerNorm against DyT (<see cref="PairedTrainingStep"/>).</item>
/// <item><c>--kv-cache [rounds] [DyT|RMSNorm]</c>: LLaMA generation with and without the KV cache (<see cref="KvCacheHarness"/>).</item>
/// <item><c>--inference-memory [forwards]</c>: process memory over a naive inference loop (<see cref="InferenceMemory"/>).</item>
/// </list>
/// <c>--width 128|256|512</c> before any of them forces the kernels' vector width. Anything else is passed to
/// BenchmarkDotNet with a short in-process job (this project is run on small shared machines): 3 warmups and 9 measured
/// iterations of about 250 ms each per case, e.g. <c>--filter *NormBenchmarks*</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        using var width = ForcedWidth(ref args);
        int Count(int fallback)
        {
            var count = args.Length > 1 ? int.Parse(args[1]) : fallback;
            return count >= 1 ? count : throw new ArgumentOutOfRangeException(nameof(args), count, $"{args[0]} needs at least 1 round or step; got {count}.");
        }
        switch (args.FirstOrDefault())
        {
            case "--paired-step": PairedTrainingStep.Run(Count(9)); return;
            case "--paired-norms" when args.Length > 2 && int.Parse(args[2]) > 1: PairedNormsProcesses.Run(Count(60), int.Parse(args[2])); return;
            case "--paired-norms": PairedNorms.Run(Count(60)); return;
            case "--paired-kernels": PairedKernels.Run(Count(30)); return;
            case "--llama-step": LlamaStep.Run(Count(5)); return;
            case "--inference-memory": InferenceMemory.Run(Count(2000)); return;
            case "--kv-cache": KvCacheHarness.Run(Count(3), args.Length > 2 ? args[2] : "DyT"); return;
            case "--folded-blocks": FoldedBlocks.Run(Count(20), args.Length > 2 ? args[2] : ""); return;
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

    private static IDisposable? ForcedWidth(ref string[] args)
    {
        if (args.Length < 2 || args[0] != "--width") return null;
        var bits = int.Parse(args[1]);
        if (!Enum.IsDefined(typeof(KernelWidth), bits))
            throw new ArgumentException($"--width takes 128, 256 or 512; got {args[1]}.");
        args = args[2..];
        return KernelWidths.Force((KernelWidth)bits);
    }
}
