namespace DyT.Inspection;

/// <summary>
/// Tokens sampled from a norm layer's input, with the layer's output for the same tokens, row-major:
/// element <c>[t * Channels + c]</c> is channel c of sampled token t.
/// </summary>
/// <param name="Tokens">Number of sampled tokens.</param>
/// <param name="Channels">Channels per token.</param>
/// <param name="Input">The layer's input for these tokens.</param>
/// <param name="Output">Its output for them (before the affine where <see cref="NormLayerRecord.OutputBeforeAffine"/>).</param>
public sealed record TokenSample(int Tokens, long Channels, float[] Input, float[] Output);
