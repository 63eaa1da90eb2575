namespace DyT.Generators.Parsing;

/// <summary>Metadata names of the runtime types the generator and analyzers look for.</summary>
internal static class KnownNames
{
    public const string TransformerAttribute = "DyT.TransformerAttribute";
}
