using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Benchmarks;

/// <summary>
/// Generation time for a project with 100 annotated models: from scratch (a fresh driver, as a clean build), and
/// after an unrelated edit (a warm driver, as the IDE on every keystroke, where every step should be cached).
/// In-process: what is measured is the generator, not process start.
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    private CSharpCompilation compilation = null!;
    private CSharpCompilation edited = null!;
    private GeneratorDriver warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        compilation = HundredModels.Compilation();
        var helpers = compilation.SyntaxTrees.Single(tree => tree.FilePath == "Helpers.cs");
        edited = compilation.ReplaceSyntaxTree(helpers,
            CSharpSyntaxTree.ParseText(HundredModels.UnrelatedFile.Replace("=> 1;", "=> 2;"), HundredModels.Options, "Helpers.cs"));
        warm = NewDriver().RunGenerators(compilation);
        var generated = warm.GetRunResult().GeneratedTrees.Length;
        if (generated != HundredModels.Count)
            throw new System.InvalidOperationException($"expected {HundredModels.Count} generated files, got {generated}");
    }

    [Benchmark(Baseline = true, Description = "100 models, cold driver")]
    public GeneratorDriver Cold() => NewDriver().RunGenerators(compilation);

    [Benchmark(Description = "100 models, unrelated edit, warm driver")]
    public GeneratorDriver UnrelatedEdit() => warm.RunGenerators(edited);

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], parseOptions: HundredModels.Options);
}
