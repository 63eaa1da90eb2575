using System.Collections.Generic;

namespace DyT.Inspection;

/// <summary>
/// What one norm layer saw during a <see cref="NormProbe.Record"/>. The input is read as (tokens, channels): a token
/// is a row over the last dimension for channels-last layers, a pixel for channels-first ones. Standard deviations
/// divide by n (population), as LayerNorm's variance does.
/// </summary>
/// <param name="Path">Where the layer sits, as in state-dict keys (<c>blocks.0.norm1</c>).</param>
/// <param name="LayerType">The layer's class name (<c>LayerNorm</c>, <c>DynamicTanh</c>, ...).</param>
/// <param name="Channels">Width C of the layer.</param>
/// <param name="OutputBeforeAffine">
/// True when <see cref="Sample"/>'s outputs are the layer's output before its per-channel weight and bias (LayerNorm,
/// RMSNorm, DyT, Derf); false when they are what the layer returned (LayerNorm2d, RmsNorm2d, BatchNorm, GroupNorm).
/// </param>
/// <param name="Calls">How many times the layer ran during the recording.</param>
/// <param name="Tokens">How many tokens it saw in all.</param>
/// <param name="InputMean">Mean of every input element seen.</param>
/// <param name="InputStd">Standard deviation of every input element seen: the statistic DyT's alpha tracks (Figure 8).</param>
/// <param name="ChannelMean">Per channel, the mean over all tokens seen.</param>
/// <param name="ChannelStd">Per channel, the standard deviation over all tokens seen.</param>
/// <param name="TokenMean">Per token, the mean over its channels, for the first tokens seen (up to <see cref="NormProbeOptions.TokenStatisticsLimit"/>).</param>
/// <param name="TokenStd">Per token, the standard deviation over its channels, for the same tokens.</param>
/// <param name="Sample">Evenly spaced tokens of the input with the layer's output for them.</param>
/// <param name="Parameters">The layer's own parameters at the end of the recording (<c>alpha</c>, <c>weight</c>, ...).</param>
public sealed record NormLayerRecord(
    string Path,
    string LayerType,
    long Channels,
    bool OutputBeforeAffine,
    long Calls,
    long Tokens,
    double InputMean,
    double InputStd,
    float[] ChannelMean,
    float[] ChannelStd,
    float[] TokenMean,
    float[] TokenStd,
    TokenSample Sample,
    IReadOnlyDictionary<string, float[]> Parameters)
{
    /// <summary>The scalar alpha of a DyT or Derf layer, or null for layers without one.</summary>
    public double? Alpha => Parameters.TryGetValue("alpha", out var alpha) && alpha.Length == 1 ? alpha[0] : null;
}
