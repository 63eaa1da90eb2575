namespace DyT.Generators.Specs;

/// <summary>A valid model to emit: one record per family, each value-equatable for the incremental cache.</summary>
internal abstract record ModelSpec(TargetType Target);
