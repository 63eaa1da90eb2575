using System.Text;

namespace DyT.Analyzers.Benchmarks;

/// <summary>
/// One source file with many annotated classes, in the mix a real model zoo has: valid ViTs, LLaMAs and DiTs, ConvNets,
/// and a share that raises each kind of diagnostic, so every rule's reporting path is on the clock.
/// </summary>
internal static class AnnotatedClasses
{
    public static string Source(int count)
    {
        var source = new StringBuilder("using DyT;\n\nnamespace Zoo;\n\n");
        for (var i = 0; i < count; i++)
            source.Append(Declaration(i)).Append('\n');
        return source.ToString();
    }

    private static string Declaration(int i) => (i % 10) switch
    {
        0 => $"[Transformer(Architecture.ViT, Dim = 192, Depth = 12, Heads = 3, PatchSize = 16, ImageSize = 224)]\npublic partial class Vit{i} {{ }}\n",
        1 => $"[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, AlphaInit = 0.5)]\npublic partial class LlamaSingleAlpha{i} {{ }}\n",
        2 => $"[Transformer(Architecture.Llama, Dim = 2048, Heads = 16, AlphaInitAttention = 1.0, AlphaInitFfn = 0.5, AlphaInitFinal = 0.5)]\npublic partial class Llama{i} {{ }}\n",
        3 => $"[Transformer(Architecture.DiT, Dim = 384, Heads = 6, PatchSize = 2, ImageSize = 32, AdaLnZeroInit = true)]\npublic partial class Dit{i} {{ }}\n",
        4 => $"[ConvNet(ConvArchitecture.ResNet, Norm = NormKind.DyT)]\npublic partial class ResNet{i} {{ }}\n",
        5 => $"[ConvNet(ConvArchitecture.ConvNeXt, Dims = new[] {{ 96, 192, 384, 768 }}, AlphaInit = 20)]\npublic partial class ConvNext{i} {{ }}\n",
        6 => $"[Transformer(Architecture.ViT, Dim = 100, Heads = 3)]\npublic class NotPartial{i} {{ }}\n",
        7 => $"[Transformer(Architecture.Llama, Dim = 16384, Heads = 128, Norm = NormKind.DyT)]\npublic partial class Wide{i} {{ }}\n",
        8 => $"[Transformer(Architecture.ViT, PatchSize = 5, AlphaInit = -1)]\npublic partial class Broken{i} {{ }}\n",
        _ => $"[Transformer(Architecture.ViT, Norm = NormKind.LayerNorm)]\npublic partial class Plain{i} {{ }}\n",
    };
}
