using System.Threading.Tasks;
using DyT.Generators.Analyzers;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DyT.Analyzers.Tests;

/// <summary>The messages users read: they name the model, the value and the paper's numbers.</summary>
public class MessageTests
{
    private const string Usings = "using DyT;\n\n";

    [Fact]
    public Task DYT001_cites_the_ResNet_and_VGG_numbers() =>
        Verify<ResNetNormAnalyzer>.Analyzer(Usings + "[ConvNet(ConvArchitecture.ResNet, {|#0:Norm = NormKind.DyT|})]\npublic partial class R50 { }\n",
            new DiagnosticResult(DiagnosticCatalog.DyTReplacesBatchNorm).WithLocation(0).WithArguments("ResNet 'R50' with Norm = NormKind.DyT"));

    [Fact]
    public async Task DYT003_names_the_table_row()
    {
        var expected = new DiagnosticResult(DiagnosticCatalog.LlamaAlphaNotPerSite).WithLocation(0).WithArguments(
            "DyT LLaMA 'L' uses one initial alpha for every norm; paper Table 11, width 8192: attention 0.2, FFN and final 0.05");
        await Verify<LlamaRecipeAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.Llama, Dim = 8192, Heads = 64, {|#0:AlphaInit = 0.2|})]\npublic partial class L { }\n", expected);
    }

    [Fact]
    public Task DYT005_names_the_argument_and_value() =>
        Verify<AlphaRangeAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.Llama, {|#0:AlphaInitFfn = 0|})]\npublic partial class L { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidAlpha).WithLocation(0).WithArguments("AlphaInitFfn must be a finite number > 0; got 0"));

    [Fact]
    public Task Validator_problems_with_no_argument_go_on_the_attribute_name() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[{|#0:Transformer|}((Architecture)7)]\npublic partial class V { }\n",
            new DiagnosticResult(DiagnosticCatalog.UndefinedEnumValue).WithLocation(0).WithArguments("Architecture must be one of ViT, Llama, DiT; got (7)"));

    [Fact]
    public Task A_static_non_partial_class_gets_both_target_problems_on_its_name() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.ViT)]\npublic static class {|#0:{|#1:V|}|} { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(0).WithArguments("'V' must be declared 'partial' so the generator can complete it"),
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(1).WithArguments("'V' must not be static: a model is an instance of torch.nn.Module"));
}
