namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// Tests that build models or draw random tensors from TorchSharp's global generator. They run after the parallel
/// tests, alone: drawing while a seeded test (the ViT training test) initializes its model would change its weights.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "Uses the global random generator";
}
