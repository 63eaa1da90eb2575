namespace DyT.Inference;

/// <summary>A norm that <see cref="NormFolding.Fold"/> left as it was, affine and all, and why.</summary>
/// <param name="Path">The norm's module path, e.g. <c>model.norm</c>.</param>
/// <param name="Reason">Why its affine stays, e.g. the LM head it feeds is tied to the token embedding.</param>
public sealed record KeptNorm(string Path, string Reason);
