using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DyT.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Analyzers.Benchmarks;

/// <summary>
/// Analyzer time on one file with 200 annotated classes: every DYTxxx analyzer over a fresh compilation, as a build
/// does; the compiler's own diagnostics of the same compilation as the baseline.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        new ConfigurationAnalyzer(), new LlamaRecipeAnalyzer(), new DitZeroInitAnalyzer(),
        new WidthAnalyzer(), new ResNetNormAnalyzer(), new NormReplacementAnalyzer(), new NormOverrideAnalyzer(),
    ];

    private static readonly ImmutableArray<MetadataReference> References = CreateReferences();

    private SyntaxTree tree = null!;

    /// <summary>Annotated classes in the file.</summary>
    [Params(200)]
    public int Classes { get; set; }

    [GlobalSetup]
    public void Setup() => tree = CSharpSyntaxTree.ParseText(AnnotatedClasses.Source(Classes), path: "Zoo.cs");

    [Benchmark(Baseline = true, Description = "compiler diagnostics only")]
    public int Compiler() => Compile().GetDiagnostics().Length;

    [Benchmark(Description = "all DYT analyzers")]
    public async Task<int> AllAnalyzers() =>
        (await Compile().WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;

    // A new compilation per call: analyzers cache nothing across compilations, so this is what a build pays.
    private CSharpCompilation Compile() =>
        CSharpCompilation.Create("Zoo", [tree], References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"));
        // The contract (DyT.Abstractions), the runtime and TorchSharp: what a user project of the attributes references.
        var runtime = new[] { typeof(DyT.NormKind).Assembly.Location, typeof(DyT.Norms.DynamicTanh).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location };
        return [.. platform.Concat(runtime).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
