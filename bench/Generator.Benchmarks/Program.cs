using BenchmarkDotNet.Running;

namespace DyT.Generators.Benchmarks;

/// <summary>Runs the generator benchmarks: <c>dotnet run -c Release --project bench/Generator.Benchmarks</c> (BenchmarkDotNet arguments pass through).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
