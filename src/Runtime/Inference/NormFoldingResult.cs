using System.Collections.Generic;

namespace DyT.Inference;

/// <summary>What <see cref="NormFolding.Fold"/> did to a model.</summary>
/// <param name="Folded">Each norm whose affine moved into Linear layers; it now computes its normalization alone.</param>
/// <param name="Kept">Each norm with an affine that was left as it was, with the reason.</param>
public sealed record NormFoldingResult(IReadOnlyList<FoldedNorm> Folded, IReadOnlyList<KeptNorm> Kept);
