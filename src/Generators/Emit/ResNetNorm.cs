using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>
/// The norm after each ResNet convolution: BatchNorm2d as the reference when the attribute does not write Norm,
/// otherwise the written kind, channels-first (the placement the paper shows to fail for DyT; analyzers warn).
/// </summary>
internal sealed record ResNetNorm(NormSite? Replacement)
{
    /// <summary>timm's BatchNorm2d eps, also used by a written LayerNorm or RMSNorm.</summary>
    public const double Eps = 1e-5;

    public static ResNetNorm For(ResNetSpec spec) =>
        new(spec.Norm is { } kind ? new NormSite(kind, ResNetSpec.StemWidth, spec.AlphaInit, Eps, ChannelsFirst: true) : null);

    public string FieldType => Replacement?.FieldType ?? "global::TorchSharp.Modules.BatchNorm2d";

    public string ConstructionFor(string channels) =>
        Replacement?.ConstructionFor(channels) ?? $"global::TorchSharp.torch.nn.BatchNorm2d({channels})";

    /// <summary>BatchNorm2d learns weight and bias (its running statistics are buffers, not parameters).</summary>
    public long ParameterCountFor(long channels) => Replacement?.ParameterCountFor(channels) ?? checked(2 * channels);

    public string Description => Replacement?.Description ?? "BatchNorm2d (eps 1e-5)";
}
