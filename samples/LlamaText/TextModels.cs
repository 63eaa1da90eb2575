using DyT;
using static TorchSharp.torch;

namespace LlamaText;

/// <summary>Picks the generated class of a norm: each norm is its own class, fixed at compile time.</summary>
internal static class TextModels
{
    public static (nn.Module<Tensor, Tensor> Model, long Parameters) Create(NormKind norm) => norm switch
    {
        NormKind.RMSNorm => (new TextLlamaRMSNorm(), TextLlamaRMSNorm.ParameterCount),
        NormKind.DyT => (new TextLlamaDyT(), TextLlamaDyT.ParameterCount),
        NormKind.Derf => (new TextLlamaDerf(), TextLlamaDerf.ParameterCount),
        _ => (new TextLlamaLayerNorm(), TextLlamaLayerNorm.ParameterCount),
    };
}
