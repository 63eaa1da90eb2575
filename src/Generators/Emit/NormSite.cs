using System.Globalization;
using DyT.Generators.Specs;
using DyT.Generators.Text;

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
internal sealed record NormSite(NormKind Kind, long Channels, double AlphaInit, double Eps,
    NormAffine Affine = NormAffine.Full, bool ChannelsFirst = false)
{
    public string FieldType => Kind switch
    {
        NormKind.LayerNorm => ChannelsFirst ? "global::DyT.Blocks.LayerNorm2d" : "global::TorchSharp.Modules.LayerNorm",
        NormKind.RMSNorm => ChannelsFirst ? "global::DyT.Blocks.RmsNorm2d" : "global::DyT.Norms.RmsNorm",
        NormKind.DyT => "global::DyT.Norms.DynamicTanh",
        NormKind.Derf => "global::DyT.Norms.Derf",
        _ => throw UndefinedValue.Of(Kind),
    };

    public string Construction => ConstructionFor(Channels.ToString(CultureInfo.InvariantCulture));

    /// <summary>The constructor call for a site whose width is the C# expression <paramref name="channels"/>.</summary>
    public string ConstructionFor(string channels)
    {
        var eps = Literals.Double(Eps);
        return Kind switch
        {
            NormKind.LayerNorm when ChannelsFirst => $"new global::DyT.Blocks.LayerNorm2d({channels}, eps: {eps})",
            NormKind.LayerNorm => $"global::TorchSharp.torch.nn.LayerNorm({channels}, eps: {eps}{LayerNormAffine})",
            NormKind.RMSNorm when ChannelsFirst => $"new global::DyT.Blocks.RmsNorm2d({channels}, eps: {eps})",
            NormKind.RMSNorm => $"new global::DyT.Norms.RmsNorm({channels}, eps: {eps})",
            NormKind.DyT => $"new global::DyT.Norms.DynamicTanh({channels}, alphaInit: {Literals.Double(AlphaInit)}{ElementwiseOptions})",
            NormKind.Derf => $"new global::DyT.Norms.Derf({channels}, alphaInit: {Literals.Double(AlphaInit)}{ElementwiseOptions})",
            _ => throw UndefinedValue.Of(Kind),
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
        var perChannel = Kind == NormKind.RMSNorm ? channels : Affine switch
        {
            NormAffine.Full => checked(2 * channels),
            NormAffine.WeightOnly => channels,
            _ => 0,
        };
        return Kind switch
        {
            NormKind.LayerNorm or NormKind.RMSNorm => perChannel,
            NormKind.DyT => perChannel + 1,
            NormKind.Derf => perChannel + 2,
            _ => throw UndefinedValue.Of(Kind),
        };
    }

    /// <summary>How the layer is described in summaries: "DyT (alpha0 0.5)".</summary>
    public string Description => Kind switch
    {
        NormKind.DyT or NormKind.Derf => $"{Kind} (alpha0 {Literals.Double(AlphaInit)}{AffineNote})",
        NormKind.LayerNorm or NormKind.RMSNorm => $"{Kind} (eps {Literals.Double(Eps)}{AffineNote})",
        _ => throw UndefinedValue.Of(Kind),
    };

    private string AffineNote => Kind == NormKind.RMSNorm ? "" : Affine switch
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
