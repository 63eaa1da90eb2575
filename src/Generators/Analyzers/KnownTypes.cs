namespace DyT.Generators.Analyzers;

/// <summary>Metadata names of the runtime and TorchSharp types the placement rules (DYT001, DYT002) look up as symbols.</summary>
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
}
