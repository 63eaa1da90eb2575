namespace DyT.Generators.Analyzers;

/// <summary>
/// Metadata names the analyzers look up beyond the generator's <c>Parsing.KnownNames</c> (kept apart so the families
/// work in Parsing/ and this folder never edit the same file).
/// </summary>
internal static class KnownTypes
{
    public const string NormConversion = "DyT.Norms.NormConversion";
    public const string DynamicTanh = "DyT.Norms.DynamicTanh";

    /// <summary>TorchSharp's batch norms: DyT in their place is DYT001.</summary>
    public static readonly string[] BatchNorms =
    [
        "TorchSharp.Modules.BatchNorm1d",
        "TorchSharp.Modules.BatchNorm2d",
        "TorchSharp.Modules.BatchNorm3d",
    ];

    /// <summary>TorchSharp's GroupNorm: in a feature encoder over raw input it normalizes data (DYT002).</summary>
    public const string GroupNorm = "TorchSharp.Modules.GroupNorm";

    // Values of DyT.NormKind, DyT.Architecture and DyT.ConvArchitecture that the rules test
    // (the mirrors in Specs/Enums.cs have no ConvArchitecture yet; a test checks these against the runtime).
    public const int NormDyT = 2;
    public const int ArchitectureLlama = 1;
    public const int ArchitectureDiT = 2;
    public const int ConvArchitectureResNet = 1;
}
