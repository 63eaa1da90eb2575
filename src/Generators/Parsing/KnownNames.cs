namespace DyT.Generators.Parsing;

/// <summary>Metadata names of the runtime types the generator and analyzers look for, and the MSBuild property.</summary>
internal static class KnownNames
{
    public const string TransformerAttribute = "DyT.TransformerAttribute";
    public const string ConvNetAttribute = "DyT.ConvNetAttribute";

    /// <summary>The MSBuild property, as the analyzer config options see it (CompilerVisibleProperty).</summary>
    public const string NormOverrideOption = "build_property.DyTNormOverride";
}
