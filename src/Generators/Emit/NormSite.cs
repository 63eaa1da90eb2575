using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>
/// One place where a model has a norm layer, and what the chosen kind needs there. The emitted constructor news up
/// the concrete type this returns; nothing chooses the norm at run time.
/// </summary>
/// <param name="Kind">The norm chosen at compile time.</param>
/// <param name="Channels">Normalized width.</param>
/// <param name="AlphaInit">Initial alpha for DyT and Derf.</param>
/// <param name="Eps">Epsilon for LayerNorm and RMSNorm.</param>
internal sealed record NormSite(Norm Kind, long Channels, double AlphaInit, double Eps)
{
    public string FieldType => Kind switch
    {
        Norm.LayerNorm => "global::TorchSharp.Modules.LayerNorm",
        Norm.RMSNorm => "global::DyT.Norms.RmsNorm",
        Norm.DyT => "global::DyT.Norms.DynamicTanh",
        _ => "global::DyT.Norms.Derf",
    };

    public string Construction => Kind switch
    {
        Norm.LayerNorm => $"global::TorchSharp.torch.nn.LayerNorm({Channels}, eps: {Literals.Double(Eps)})",
        Norm.RMSNorm => $"new global::DyT.Norms.RmsNorm({Channels}, eps: {Literals.Double(Eps)})",
        Norm.DyT => $"new global::DyT.Norms.DynamicTanh({Channels}, alphaInit: {Literals.Double(AlphaInit)})",
        _ => $"new global::DyT.Norms.Derf({Channels}, alphaInit: {Literals.Double(AlphaInit)})",
    };

    /// <summary>Learnable parameters of this layer: LayerNorm 2C, RMSNorm C, DyT 2C + alpha, Derf 2C + alpha + shift.</summary>
    public long ParameterCount => Kind switch
    {
        Norm.LayerNorm => 2 * Channels,
        Norm.RMSNorm => Channels,
        Norm.DyT => 2 * Channels + 1,
        _ => 2 * Channels + 2,
    };

    /// <summary>How the layer is described in summaries: "DyT (alpha0 0.5)".</summary>
    public string Description => Kind switch
    {
        Norm.DyT or Norm.Derf => $"{Kind} (alpha0 {Literals.Double(AlphaInit)})",
        _ => $"{Kind} (eps {Literals.Double(Eps)})",
    };
}
