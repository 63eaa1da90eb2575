namespace DyT.Runtime.Tests;

/// <summary>
/// Tests that seed torch's global generator and depend on the draws that follow. Other test classes run in parallel
/// and draw from the same generator while creating their models, so this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTests
{
    public const string Name = "Seeded torch generator";
}
