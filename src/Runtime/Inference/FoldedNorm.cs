using System.Collections.Generic;

namespace DyT.Inference;

/// <summary>A norm whose per-channel affine <see cref="NormFolding.Fold"/> moved into the Linear layers that read its output.</summary>
/// <param name="Path">The norm's module path (its state-dict prefix), e.g. <c>blocks.0.norm1</c>.</param>
/// <param name="LinearPaths">The Linear layers that now carry its weight and bias, e.g. <c>blocks.0.attn.qkv</c>.</param>
/// <param name="AddedBiases">
/// The Linear layers among <paramref name="LinearPaths"/> that had no bias and gained one (the norm had a bias): each
/// adds the key <c>&lt;path&gt;.bias</c> to the state dict.
/// </param>
public sealed record FoldedNorm(string Path, IReadOnlyList<string> LinearPaths, IReadOnlyList<string> AddedBiases);
