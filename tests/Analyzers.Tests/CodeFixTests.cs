using System.Threading.Tasks;
using DyT.CodeFixes;
using DyT.Generators.Analyzers;

namespace DyT.Analyzers.Tests;

/// <summary>Each listed fix turns the flagged source into the expected one, and the result no longer raises the rule.</summary>
public class CodeFixTests
{
    private const string Usings = "using DyT;\nusing DyT.Norms;\nusing TorchSharp;\nusing TorchSharp.Modules;\nusing static TorchSharp.torch;\n\n";

    [Fact]
    public Task DYT001_on_a_ResNet_removes_the_norm_argument() =>
        Verify<ResNetNormAnalyzer>.CodeFix<KeepBatchNormCodeFix>(
            Usings + "[ConvNet(ConvArchitecture.ResNet, NumClasses = 10, {|DYT001:Norm = NormKind.DyT|})]\npublic partial class R { }\n",
            Usings + "[ConvNet(ConvArchitecture.ResNet, NumClasses = 10)]\npublic partial class R { }\n");

    [Fact]
    public Task DYT001_on_a_conversion_call_converts_only_the_LayerNorms() =>
        Verify<NormReplacementAnalyzer>.CodeFix<KeepBatchNormCodeFix>(
            Usings + RuleCases.Modules + "public static class Use { public static int Run(TinyResNet m) => {|DYT001:NormConversion.ReplaceBatchNormWithDyT(m, 0.5)|}; }\n",
            Usings + RuleCases.Modules + "public static class Use { public static int Run(TinyResNet m) => NormConversion.ConvertLayerNormToDyT(m, 0.5); }\n");

    [Fact]
    public Task DYT001_on_a_conditional_keeps_the_BatchNorm_branch() =>
        Verify<NormReplacementAnalyzer>.CodeFix<KeepBatchNormCodeFix>(
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(bool dyt) => dyt ? {|DYT001:new DynamicTanh(64, layout: ChannelLayout.First)|} : nn.BatchNorm2d(64); }\n",
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(bool dyt) => nn.BatchNorm2d(64); }\n");

    [Fact]
    public Task DYT003_replaces_the_single_alpha_with_the_width_table() =>
        Verify<LlamaRecipeAnalyzer>.CodeFix<LlamaRecipeCodeFix>(
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, {|DYT003:AlphaInit = 0.5|}, Depth = 32)]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, Depth = 32, AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.2)]\npublic partial class L { }\n");

    [Fact]
    public Task DYT003_replaces_equal_per_site_alphas_and_maps_width_up_to_the_next_row() =>
        Verify<LlamaRecipeAnalyzer>.CodeFix<LlamaRecipeCodeFix>(
            Usings + "[Transformer(Architecture.Llama, Dim = 1536, Heads = 12, AlphaInitAttention = 0.5, {|DYT003:AlphaInitFfn = 0.5|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 1536, Heads = 12, AlphaInitAttention = 1.0, AlphaInitFfn = 0.5, AlphaInitFinal = 0.5)]\npublic partial class L { }\n");

    [Fact]
    public Task DYT003_at_width_5120_inserts_the_authors_13B_alphas_and_says_so() =>
        Verify<LlamaRecipeAnalyzer>.CodeFix<LlamaRecipeCodeFix>(
            Usings + "[Transformer(Architecture.Llama, Dim = 5120, Heads = 40, {|DYT003:AlphaInit = 0.5|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 5120, Heads = 40, AlphaInitAttention = 0.6, AlphaInitFfn = 0.15, AlphaInitFinal = 0.15)]\npublic partial class L { }\n",
            "Use the alphas for this width (authors' LLaMA-13B setting, width 5120: attention 0.6, FFN and final 0.15)");

    [Fact]
    public Task DYT003_names_Table_11_when_the_row_is_the_papers() =>
        Verify<LlamaRecipeAnalyzer>.CodeFix<LlamaRecipeCodeFix>(
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, {|DYT003:AlphaInit = 0.5|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.2)]\npublic partial class L { }\n",
            "Use the alphas for this width (paper Table 11, width 4096: attention 0.8, FFN and final 0.2)");

    [Fact]
    public Task DYT003_restores_the_embedding_scale() =>
        Verify<LlamaRecipeAnalyzer>.CodeFix<LlamaRecipeCodeFix>(
            Usings + "[Transformer(Architecture.Llama, Dim = 1024, Heads = 16, {|DYT003:EmbedScale = false|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 1024, Heads = 16)]\npublic partial class L { }\n");

    [Fact]
    public Task DYT006_adds_partial_after_the_other_modifiers() =>
        Verify<ConfigurationAnalyzer>.CodeFix<AddPartialCodeFix>(
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic sealed class {|DYT006:V|} { }\n",
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic sealed partial class V { }\n");

    [Fact]
    public Task DYT006_adds_partial_to_a_class_without_modifiers() =>
        Verify<ConfigurationAnalyzer>.CodeFix<AddPartialCodeFix>(
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\nclass {|DYT006:V|} { }\n",
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npartial class V { }\n");

    [Fact]
    public Task DYT001_on_a_multi_line_ResNet_keeps_the_comments_and_line_breaks() =>
        Verify<ResNetNormAnalyzer>.CodeFix<KeepBatchNormCodeFix>(
            Usings + "[ConvNet(ConvArchitecture.ResNet, // ResNet-18\n    NumClasses = 10, // digits\n    {|DYT001:Norm = NormKind.DyT|})]\npublic partial class R { }\n",
            Usings + "[ConvNet(ConvArchitecture.ResNet, // ResNet-18\n    NumClasses = 10 // digits\n)]\npublic partial class R { }\n");

    [Fact]
    public Task DYT003_on_a_multi_line_attribute_puts_each_alpha_on_its_own_line() =>
        Verify<LlamaRecipeAnalyzer>.CodeFix<LlamaRecipeCodeFix>(
            Usings + "[Transformer(Architecture.Llama,\n    Dim = 4096, // width\n    {|DYT003:AlphaInit = 0.5|},\n    Heads = 32)]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama,\n    Dim = 4096, // width\n    Heads = 32,\n    AlphaInitAttention = 0.8,\n    AlphaInitFfn = 0.2,\n    AlphaInitFinal = 0.2)]\npublic partial class L { }\n");

    [Fact]
    public Task DYT001_on_a_switch_arm_inside_a_conditional_offers_no_fix() =>
        Verify<NormReplacementAnalyzer>.CodeFix<KeepBatchNormCodeFix>(
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(bool on, int k) => on ? k switch { 0 => {|DYT001:new DynamicTanh(64)|}, _ => nn.BatchNorm2d(64) } : nn.Identity(); }\n",
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(bool on, int k) => on ? k switch { 0 => {|DYT001:new DynamicTanh(64)|}, _ => nn.BatchNorm2d(64) } : nn.Identity(); }\n");

    [Fact]
    public Task DYT001_fix_works_on_an_attribute_written_with_its_full_name_and_others_in_the_list() =>
        Verify<ResNetNormAnalyzer>.CodeFix<KeepBatchNormCodeFix>(
            Usings + "[System.Serializable, ConvNetAttribute(architecture: ConvArchitecture.ResNet, NumClasses = 10, {|DYT001:Norm = NormKind.DyT|}, InChannels = 1)]\npublic partial class R { }\n",
            Usings + "[System.Serializable, ConvNetAttribute(architecture: ConvArchitecture.ResNet, NumClasses = 10, InChannels = 1)]\npublic partial class R { }\n");
}
