using DyT.Generators.Analyzers;
using Microsoft.CodeAnalysis;

namespace DyT.Analyzers.Tests;

/// <summary>Positive and negative sources per rule; each positive source raises its rule exactly once, at <c>{|#0:...|}</c>.</summary>
public static class RuleCases
{
    private const string Usings = "using DyT;\nusing DyT.Norms;\nusing TorchSharp;\nusing TorchSharp.Modules;\nusing static TorchSharp.torch;\n\n";

    /// <summary>A ResNet-style module whose BatchNorm sits in a field the conversion can refill, and a wav2vec-style encoder.</summary>
    public const string Modules = """
        public sealed class Bottleneck : nn.Module<Tensor, Tensor>
        {
            private nn.Module<Tensor, Tensor> conv1 = nn.Conv2d(64, 64, 3);
            private nn.Module<Tensor, Tensor> bn1;
            public Bottleneck() : base("Bottleneck") { bn1 = nn.BatchNorm2d(64); RegisterComponents(); }
            public override Tensor forward(Tensor x) => bn1.forward(conv1.forward(x));
        }
        public sealed class TinyResNet : nn.Module<Tensor, Tensor>
        {
            private ModuleList<Bottleneck> layer1 = nn.ModuleList(new Bottleneck());
            private nn.Module<Tensor, Tensor> head = nn.Linear(64, 10);
            private LayerNorm norm = nn.LayerNorm(64);
            public TinyResNet() : base("TinyResNet") => RegisterComponents();
            public override Tensor forward(Tensor x) => head.forward(x);
        }
        public sealed class FeatureEncoder : nn.Module<Tensor, Tensor>
        {
            private nn.Module<Tensor, Tensor> conv0 = nn.Conv1d(1, 512, 10, stride: 5);
            private nn.Module<Tensor, Tensor> norm0 = nn.GroupNorm(512, 512);
            public FeatureEncoder() : base("FeatureEncoder") => RegisterComponents();
            public override Tensor forward(Tensor x) => norm0.forward(conv0.forward(x));
        }
        """;

    public static TheoryData<RuleCase> All() =>
    [
        RuleCase.For<ResNetNormAnalyzer>("DYT001 ResNet attribute", "DYT001", DiagnosticSeverity.Warning,
            Usings + "[ConvNet(ConvArchitecture.ResNet, {|#0:Norm = NormKind.DyT|})]\npublic partial class R { }\n",
            Usings + "[ConvNet(ConvArchitecture.ResNet)]\npublic partial class R { }\n[ConvNet(ConvArchitecture.ConvNeXt, Norm = NormKind.DyT)]\npublic partial class C { }\n"),
        RuleCase.For<NormReplacementAnalyzer>("DYT001 conversion call", "DYT001", DiagnosticSeverity.Warning,
            Usings + Modules + "public static class Use { public static int Run(TinyResNet m) => {|#0:NormConversion.ReplaceBatchNormWithDyT(m)|}; }\n",
            Usings + Modules + "public static class Use { public static int Run(TinyResNet m) => NormConversion.ConvertLayerNormToDyT(m); public static int Other(FeatureEncoder e) => NormConversion.ReplaceBatchNormWithDyT(e); }\n"),
        RuleCase.For<NormReplacementAnalyzer>("DYT001 conditional", "DYT001", DiagnosticSeverity.Warning,
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(bool dyt) => dyt ? {|#0:new DynamicTanh(64, layout: ChannelLayout.First)|} : nn.BatchNorm2d(64); }\n",
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(bool dyt) => dyt ? new DynamicTanh(64) : nn.LayerNorm(64); }\n"),
        RuleCase.For<NormReplacementAnalyzer>("DYT001 switch arm", "DYT001", DiagnosticSeverity.Warning,
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(NormKind kind) => kind switch { NormKind.DyT => {|#0:new DynamicTanh(64, layout: ChannelLayout.First)|}, _ => nn.BatchNorm2d(64) }; }\n",
            Usings + "public static class Use { public static nn.Module<Tensor, Tensor> Norm(NormKind kind) => kind switch { NormKind.DyT => new DynamicTanh(64), _ => nn.LayerNorm(64) }; }\n"),
        RuleCase.For<NormReplacementAnalyzer>("DYT001 named slot", "DYT001", DiagnosticSeverity.Warning,
            Usings + "public sealed class Block { public nn.Module<Tensor, Tensor>? bn1; public void Build() { bn1 = {|#0:new DynamicTanh(64, layout: ChannelLayout.First)|}; } }\n",
            Usings + "public sealed class Block { public nn.Module<Tensor, Tensor>? norm1; public nn.Module<Tensor, Tensor>? subnet; public void Build() { norm1 = new DynamicTanh(64); subnet = new DynamicTanh(64); } }\n"),
        RuleCase.For<NormReplacementAnalyzer>("DYT002 conversion call", "DYT002", DiagnosticSeverity.Warning,
            Usings + Modules + "public static class Use { public static int Run(FeatureEncoder e) => {|#0:NormConversion.ReplaceGroupNormWithDyT(e)|}; }\n",
            Usings + Modules + "public static class Use { public static int Run(FeatureEncoder e) => NormConversion.ConvertLayerNormToDyT(e); public static int Other(TinyResNet m) => NormConversion.ReplaceGroupNormWithDyT(m); }\n"),
        RuleCase.For<NormReplacementAnalyzer>("DYT002 registered", "DYT002", DiagnosticSeverity.Warning,
            Usings + "public static class Use { public static void Build(nn.Module m) => m.register_module(\"feature_extractor_group_norm\", {|#0:new DynamicTanh(512, layout: ChannelLayout.First)|}); }\n",
            Usings + "public static class Use { public static void Build(nn.Module m) => m.register_module(\"final_layer_norm\", new DynamicTanh(512)); }\n"),
        RuleCase.For<LlamaRecipeAnalyzer>("DYT003 single alpha", "DYT003", DiagnosticSeverity.Warning,
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, {|#0:AlphaInit = 0.5|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32)]\npublic partial class L { }\n[Transformer(Architecture.Llama, Dim = 1024, Heads = 16, AlphaInit = 1.0)]\npublic partial class Small { }\n"),
        RuleCase.For<LlamaRecipeAnalyzer>("DYT003 no embedding scale", "DYT003", DiagnosticSeverity.Warning,
            Usings + "[Transformer(Architecture.Llama, Dim = 1024, Heads = 16, {|#0:EmbedScale = false|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 1024, Heads = 16, EmbedScale = false, Norm = NormKind.RMSNorm)]\npublic partial class L { }\n"),
        RuleCase.For<DitZeroInitAnalyzer>("DYT004", "DYT004", DiagnosticSeverity.Warning,
            Usings + "[Transformer(Architecture.DiT, Dim = 384, Heads = 6, PatchSize = 2, ImageSize = 32, {|#0:AdaLnZeroInit = true|})]\npublic partial class D { }\n",
            Usings + "[Transformer(Architecture.DiT, Dim = 384, Heads = 6, PatchSize = 2, ImageSize = 32, Norm = NormKind.LayerNorm, AdaLnZeroInit = true)]\npublic partial class D { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT005 error", "DYT005", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, {|#0:AlphaInit = -1|})]\npublic partial class V { }\n",
            Usings + "[Transformer(Architecture.ViT, AlphaInit = 0.5)]\npublic partial class V { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT005 warning", "DYT005", DiagnosticSeverity.Warning,
            Usings + "[ConvNet(ConvArchitecture.ConvNeXt, {|#0:AlphaInit = 20|})]\npublic partial class C { }\n",
            Usings + "[ConvNet(ConvArchitecture.ConvNeXt, AlphaInit = 10)]\npublic partial class C { }\n[Transformer(Architecture.Llama, AlphaInitAttention = 0.05)]\npublic partial class L { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT006", "DYT006", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT)]\npublic class {|#0:V|} { }\n",
            Usings + "[Transformer(Architecture.ViT)]\npublic partial class V { }\n"),
        RuleCase.For<WidthAnalyzer>("DYT007", "DYT007", DiagnosticSeverity.Info,
            Usings + "[Transformer(Architecture.Llama, {|#0:Dim = 16384|}, Heads = 128)]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 8192, Heads = 64)]\npublic partial class L { }\n[Transformer(Architecture.Llama, Dim = 16384, Heads = 128, Norm = NormKind.RMSNorm)]\npublic partial class R { }\n"),
        RuleCase.For<WidthAnalyzer>("DYT007 ConvNet", "DYT007", DiagnosticSeverity.Info,
            Usings + "[ConvNet(ConvArchitecture.ConvNeXt, {|#0:Dims = new[] { 2048, 4096, 8192, 16384 }|})]\npublic partial class C { }\n",
            Usings + "[ConvNet(ConvArchitecture.ConvNeXt, Dims = new[] { 1024, 2048, 4096, 8192 })]\npublic partial class C { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT010", "DYT010", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, Dim = 100, {|#0:Heads = 3|})]\npublic partial class V { }\n",
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class V { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT011", "DYT011", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, {|#0:Depth = 0|})]\npublic partial class V { }\n",
            Usings + "[Transformer(Architecture.ViT, Depth = 1)]\npublic partial class V { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT012", "DYT012", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, {|#0:PatchSize = 5|}, ImageSize = 224)]\npublic partial class V { }\n",
            Usings + "[Transformer(Architecture.ViT, PatchSize = 4, ImageSize = 28)]\npublic partial class V { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT013", "DYT013", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, {|#0:Norm = (NormKind)9|})]\npublic partial class V { }\n",
            Usings + "[Transformer(Architecture.ViT, Norm = NormKind.Derf)]\npublic partial class V { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT014", "DYT014", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.Llama, Dim = 512, Heads = 8, {|#0:KvHeads = 3|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 512, Heads = 8, KvHeads = 2)]\npublic partial class L { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT015", "DYT015", DiagnosticSeverity.Error,
            Usings + "[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 3, 3, 9, 3 }, {|#0:Dims = new[] { 96, 192, 384 }|})]\npublic partial class C { }\n",
            Usings + "[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 3, 3, 9, 3 }, Dims = new[] { 96, 192, 384, 768 })]\npublic partial class C { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT016", "DYT016", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\n[ConvNet(ConvArchitecture.ConvNeXt)]\npublic partial class {|#0:Both|} { }\n",
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class One { }\n[ConvNet(ConvArchitecture.ConvNeXt)]\npublic partial class Other { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT018", "DYT018", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, {|#0:Dim = 131072|}, Heads = 1)]\npublic partial class V { }\n",
            Usings + "[Transformer(Architecture.ViT, Dim = 65536, Heads = 1)]\npublic partial class V { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT022", "DYT022", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class {|#0:V|} { public int head => 1; }\n",
            Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class V { public int classifier => 1; }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT019", "DYT019", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.DiT, {|#0:Dim = 390|}, Heads = 6, PatchSize = 2, ImageSize = 32)]\npublic partial class D { }\n",
            Usings + "[Transformer(Architecture.DiT, Dim = 384, Heads = 6, PatchSize = 2, ImageSize = 32)]\npublic partial class D { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT020", "DYT020", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.Llama, Dim = 512, Heads = 8, RopeScalingFactor = 8, RopeLowFreqFactor = 1, {|#0:RopeHighFreqFactor = 1|}, RopeOriginalMaxPositions = 8192)]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 512, Heads = 8, RopeTheta = 500000, RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192)]\npublic partial class L { }\n"),
        RuleCase.For<ConfigurationAnalyzer>("DYT021", "DYT021", DiagnosticSeverity.Error,
            Usings + "[Transformer(Architecture.Llama, Dim = 512, Heads = 8, {|#0:NormEps = 0|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 512, Heads = 8, NormEps = 1e-6)]\npublic partial class L { }\n"),
    ];
}
