using System.Threading.Tasks;
using DyT.Generators.Analyzers;
using Microsoft.CodeAnalysis;

namespace DyT.Analyzers.Tests;

/// <summary>The rules judge the norm the generator builds, so the project's DyTNormOverride counts as the generator's does.</summary>
public class NormOverrideTests
{
    private const string Usings = "using DyT;\n\n";

    [Fact]
    public Task An_override_to_DyT_makes_an_RMSNorm_LLaMA_subject_to_DYT003() =>
        Verify<LlamaRecipeAnalyzer>.Analyzer(
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, Norm = NormKind.RMSNorm, {|#0:AlphaInit = 0.5|})]\npublic partial class L { }\n",
            editorConfig: null, globalConfig: "build_property.DyTNormOverride = DyT",
            Verify.At(0, "DYT003", DiagnosticSeverity.Warning));

    [Fact]
    public Task An_override_to_LayerNorm_lifts_DYT004_from_a_DyT_DiT() =>
        Verify<DitZeroInitAnalyzer>.Analyzer(
            Usings + "[Transformer(Architecture.DiT, Dim = 384, Heads = 6, PatchSize = 2, ImageSize = 32, AdaLnZeroInit = true)]\npublic partial class D { }\n",
            editorConfig: null, globalConfig: "build_property.DyTNormOverride = layernorm");

    [Fact]
    public Task An_override_to_DyT_leaves_a_ResNet_without_a_written_Norm_alone() =>
        Verify<ResNetNormAnalyzer>.Analyzer(
            Usings + "[ConvNet(ConvArchitecture.ResNet)]\npublic partial class R { }\n",
            editorConfig: null, globalConfig: "build_property.DyTNormOverride = DyT");

    [Fact]
    public Task An_unknown_override_changes_nothing() =>
        Verify<WidthAnalyzer>.Analyzer(
            Usings + "[Transformer(Architecture.Llama, {|#0:Dim = 16384|}, Heads = 128)]\npublic partial class L { }\n",
            editorConfig: null, globalConfig: "build_property.DyTNormOverride = Tanh",
            Verify.At(0, "DYT007", DiagnosticSeverity.Info));
}
