using System.Globalization;
using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>Which per-channel parameters a norm site keeps beside DyT's alpha.</summary>
internal enum NormAffine
{
    /// <summary>Weight and bias (ViT, ConvNeXt; RMSNorm has no bias anyway).</summary>
    Full,

    /// <summary>Weight only: LLaMA's recipe for DyT and Derf.</summary>
    WeightOnly,

    /// <summary>Neither: DiT's pre-modulation norms (<c>tanh(alpha x)</c> alone). RMSNorm keeps its weight.</summary>
    None,
}

/// <summary>
/// One place where a model has a norm layer, and what the chosen kind needs there. The emitted constructor news up
/// the concrete type this returns; nothing chooses the norm at run time.
/// </summary>
/// <param name="Kind">The norm chosen at compile time.</param>
/// <param name="Channels">Normalized width.</param>
/// <param name="AlphaInit">Initial alpha for DyT and Derf.</param>
/// <param name="Eps">Epsilon for LayerNorm and RMSNorm.</param>
/// <param name="Affine">Which per-channel parameters the site keeps.</param>
/// <param name="ChannelsFirst">The input is (B, C, H, W) with channels in dimension 1 (ConvNets' 2-D norms).</param>
internal sealed record NormSite(Norm Kind, long Channels, double AlphaInit, double Eps,
    NormAffine Affine = NormAffine.Full, bool ChannelsFirst = false)
{
    public string FieldType => Kind switch
    {
        Norm.LayerNorm => ChannelsFirst ? "global::DyT.Blocks.LayerNorm2d" : "global::TorchSharp.Modules.LayerNorm",
        Norm.RMSNorm => ChannelsFirst ? "global::DyT.Blocks.RmsNorm2d" : "global::DyT.Norms.RmsNorm",
        Norm.DyT => "global::DyT.Norms.DynamicTanh",
        _ => "global::DyT.Norms.Derf",
    };

    public string Construction => ConstructionFor(Channels.ToString(CultureInfo.InvariantCulture));

    /// <summary>The constructor call for a site whose width is the C# expression <paramref name="channels"/>.</summary>
    public string ConstructionFor(string channels)
    {
        var eps = Literals.Double(Eps);
        return Kind switch
        {
            Norm.LayerNorm when ChannelsFirst => $"new global::DyT.Blocks.LayerNorm2d({channels}, eps: {eps})",
            Norm.LayerNorm => $"global::TorchSharp.torch.nn.LayerNorm({channels}, eps: {eps}{LayerNormAffine})",
            Norm.RMSNorm when ChannelsFirst => $"new global::DyT.Blocks.RmsNorm2d({channels}, eps: {eps})",
            Norm.RMSNorm => $"new global::DyT.Norms.RmsNorm({channels}, eps: {eps})",
            Norm.DyT => $"new global::DyT.Norms.DynamicTanh({channels}, alphaInit: {Literals.Double(AlphaInit)}{ElementwiseOptions})",
            _ => $"new global::DyT.Norms.Derf({channels}, alphaInit: {Literals.Double(AlphaInit)}{ElementwiseOptions})",
        };
    }

    /// <summary>Learnable parameters of this layer.</summary>
    public long ParameterCount => ParameterCountFor(Channels);

    /// <summary>
    /// Learnable parameters at width <paramref name="channels"/>: LayerNorm 2C (C without bias, 0 without affine),
    /// RMSNorm C, DyT the same per-channel parameters plus alpha, Derf plus alpha and shift.
    /// </summary>
    public long ParameterCountFor(long channels)
    {
        var perChannel = Kind == Norm.RMSNorm ? channels : Affine switch
        {
            NormAffine.Full => checked(2 * channels),
            NormAffine.WeightOnly => channels,
            _ => 0,
        };
        return Kind switch
        {
            Norm.DyT => perChannel + 1,
            Norm.Derf => perChannel + 2,
            _ => perChannel,
        };
    }

    /// <summary>How the layer is described in summaries: "DyT (alpha0 0.5)".</summary>
    public string Description => Kind switch
    {
        Norm.DyT or Norm.Derf => $"{Kind} (alpha0 {Literals.Double(AlphaInit)}{AffineNote})",
        _ => $"{Kind} (eps {Literals.Double(Eps)}{AffineNote})",
    };

    private string AffineNote => Kind == Norm.RMSNorm ? "" : Affine switch
    {
        NormAffine.WeightOnly => ", no bias",
        NormAffine.None => ", no affine",
        _ => "",
    };

    private string LayerNormAffine => Affine switch
    {
        NormAffine.WeightOnly => ", bias: false",
        NormAffine.None => ", elementwise_affine: false",
        _ => "",
    };

    private string ElementwiseOptions =>
        (ChannelsFirst ? ", layout: global::DyT.Norms.ChannelLayout.First" : "") + Affine switch
        {
            NormAffine.WeightOnly => ", bias: false",
            NormAffine.None => ", elementwiseAffine: false",
            _ => "",
        };
}
