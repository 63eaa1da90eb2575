namespace DyT.Generators.Parsing;

/// <summary>Metadata names of the contract's model attributes, taken from the types themselves, and the MSBuild property.</summary>
internal static class KnownNames
{
    public static readonly string TransformerAttribute = typeof(DyT.TransformerAttribute).FullName!;
    public static readonly string ConvNetAttribute = typeof(DyT.ConvNetAttribute).FullName!;

    /// <summary>The MSBuild property, as the analyzer config options see it (CompilerVisibleProperty).</summary>
    public const string NormOverrideOption = "build_property.DyTNormOverride";
}
