namespace DyT.Generators.Specs;

/// <summary>A valid model to emit: one record per family, each value-equatable for the incremental cache.</summary>
internal abstract record ModelSpec(TargetType Target)
{
    /// <summary>
    /// The spec with its norm replaced by the project's <c>DyTNormOverride</c>. Families with a fixed non-switchable norm
    /// (a ResNet whose attribute does not write <c>Norm</c> keeps BatchNorm) return themselves.
    /// </summary>
    public abstract ModelSpec WithNorm(NormKind norm);
}
