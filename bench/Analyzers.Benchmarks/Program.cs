using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: no generated benchmark project to build, which on a 2-core machine costs more than the measurement.
// `--quick` takes BenchmarkDotNet's short run (3 iterations) for a smoke check.
var quick = System.Array.IndexOf(args, "--quick") >= 0;
var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
BenchmarkSwitcher.FromAssembly(typeof(DyT.Analyzers.Benchmarks.AnalyzerBenchmarks).Assembly)
    .Run(System.Array.FindAll(args, arg => arg != "--quick"), DefaultConfig.Instance.AddJob(job));
