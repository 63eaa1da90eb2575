using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Tests;

public class IncrementalityTests
{
    private const string Model = """
        using DyT;
        namespace Samples;

        [Transformer(Architecture.ViT, Dim = 64, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10)]
        public partial class MnistVit
        {
            public int Answer() => 42;
        }
        """;

    /// <summary>The other families, so that every pipeline step (Transformer and ConvNet) has outputs to check.</summary>
    private const string Families = """
        using DyT;
        namespace Samples;

        [Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 32)]
        public partial class Lm { }

        [Transformer(Architecture.DiT, Dim = 64, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10)]
        public partial class Diffusion { }

        [ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1 }, Dims = new[] { 16, 32 }, NumClasses = 10)]
        public partial class Next
        {
            public int Stages() => 2;
        }

        [ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, NumClasses = 10)]
        public partial class Res { }
        """;

    private const string Unrelated = "namespace Samples; public static class Helpers { public static int One() => 1; }";

    private static readonly string[] TrackedSteps = ModelGenerator.Steps.All;

    [Fact]
    public void A_second_run_on_a_cloned_compilation_is_fully_cached()
    {
        var compilation = GeneratorHarness.Compilation(Model, Unrelated, Families);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.Clone());

        AssertAllStepsCachedOrUnchanged(driver);
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(Model, Unrelated, Families);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var edited = ReplaceTree(compilation, 1, Unrelated.Replace("=> 1;", "=> 2;"));
        driver = driver.RunGenerators(edited);

        AssertAllStepsCachedOrUnchanged(driver);
    }

    [Fact]
    public void Editing_a_method_body_inside_the_annotated_class_leaves_the_output_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(Model, Unrelated, Families);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var edited = ReplaceTree(compilation, 0, Model.Replace("=> 42;", "=> 43;"));
        driver = driver.RunGenerators(edited);

        AssertAllStepsCachedOrUnchanged(driver);
    }

    [Fact]
    public void Editing_a_method_body_inside_an_annotated_convnet_leaves_the_output_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(Model, Unrelated, Families);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var edited = ReplaceTree(compilation, 2, Families.Replace("=> 2;", "=> 3;"));
        driver = driver.RunGenerators(edited);

        AssertAllStepsCachedOrUnchanged(driver);
    }

    [Fact]
    public void Changing_a_convnet_argument_regenerates_only_that_model()
    {
        var compilation = GeneratorHarness.Compilation(Model, Unrelated, Families);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var edited = ReplaceTree(compilation, 2, Families.Replace("Dims = new[] { 16, 32 }", "Dims = new[] { 16, 48 }"));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        var resolved = result.TrackedSteps[ModelGenerator.Steps.ConvNetResolved].SelectMany(step => step.Outputs).ToList();
        Assert.Single(resolved, output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps[ModelGenerator.Steps.TransformerResolved].SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Changing_an_attribute_argument_regenerates()
    {
        var compilation = GeneratorHarness.Compilation(Model, Unrelated, Families);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var edited = ReplaceTree(compilation, 0, Model.Replace("Depth = 2", "Depth = 3"));
        driver = driver.RunGenerators(edited);

        var read = driver.GetRunResult().Results.Single().TrackedSteps[ModelGenerator.Steps.TransformerRead];
        Assert.Contains(read.SelectMany(step => step.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void No_pipeline_output_holds_a_symbol_syntax_node_location_or_compilation()
    {
        var compilation = GeneratorHarness.Compilation(Model, Unrelated, Families);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var result = driver.GetRunResult().Results.Single();
        foreach (var name in TrackedSteps)
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, _) in step.Outputs)
                    AssertNoRoslynObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static CSharpCompilation ReplaceTree(CSharpCompilation compilation, int index, string source)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, old.FilePath));
    }

    private static void AssertAllStepsCachedOrUnchanged(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in result.TrackedSteps[name])
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"step {name} output was {reason}, expected Cached or Unchanged");
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    /// <summary>Walks an output by reflection and fails on any Roslyn object that would root a compilation.</summary>
    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which keeps a compilation alive and defeats caching");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}
