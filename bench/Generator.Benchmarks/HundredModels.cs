using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Benchmarks;

/// <summary>A project of 100 annotated models, 20 of each family, each in its own file, plus one unrelated file.</summary>
public static class HundredModels
{
    public const int Count = 100;

    private static readonly string[] Attributes =
    [
        "Transformer(Architecture.ViT, Dim = {0}, Depth = 12, Heads = 4, Norm = NormKind.DyT)",
        "Transformer(Architecture.Llama, Dim = {0}, Depth = 8, Heads = 4, KvHeads = 2, Norm = NormKind.DyT)",
        "Transformer(Architecture.DiT, Dim = {0}, Depth = 12, Heads = 4, PatchSize = 2, ImageSize = 32, InChannels = 4, Norm = NormKind.LayerNorm)",
        "ConvNet(ConvArchitecture.ConvNeXt, Dims = new[] {{ {0}, {0}, {0}, {0} }}, Norm = NormKind.DyT)",
        "ConvNet(ConvArchitecture.ResNet, Depths = new[] {{ 3, 4, 6, 3 }})",
    ];

    public const string UnrelatedFile = "namespace Bench; public static class Helpers { public static int One() => 1; }";

    public static CSharpCompilation Compilation()
    {
        var trees = Enumerable.Range(0, Count).Select(i =>
        {
            var attribute = string.Format(Attributes[i % Attributes.Length], 64 * (1 + i / Attributes.Length));
            var source = new StringBuilder()
                .AppendLine("using DyT;")
                .AppendLine("namespace Bench;")
                .AppendLine($"[{attribute}]")
                .AppendLine($"public partial class Model{i} {{ public int Id() => {i}; }}")
                .ToString();
            return CSharpSyntaxTree.ParseText(source, Options, path: $"Model{i}.cs");
        }).Append(CSharpSyntaxTree.ParseText(UnrelatedFile, Options, path: "Helpers.cs"));
        return CSharpCompilation.Create("HundredModels", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static CSharpParseOptions Options { get; } = new(LanguageVersion.Latest);

    private static MetadataReference[] References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll");
        // The contract (DyT.Abstractions), the runtime and TorchSharp: what a user project of the attributes references.
        var runtime = new[] { typeof(DyT.NormKind).Assembly.Location, typeof(DyT.Norms.DynamicTanh).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location };
        return platform.Concat(runtime).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToArray();
    }
}
