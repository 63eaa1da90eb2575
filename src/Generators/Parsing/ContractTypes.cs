using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>Which model attribute a declaration carries.</summary>
internal enum ModelAttributeKind
{
    Transformer,
    ConvNet,
}

/// <summary>The contract's model attribute types as symbols of one compilation, so attributes are compared as symbols.</summary>
internal sealed class ContractTypes
{
    private ContractTypes(INamedTypeSymbol? transformer, INamedTypeSymbol? convNet)
    {
        Transformer = transformer;
        ConvNet = convNet;
    }

    /// <summary><c>DyT.TransformerAttribute</c>, null when the compilation does not reference the contract.</summary>
    public INamedTypeSymbol? Transformer { get; }

    /// <summary><c>DyT.ConvNetAttribute</c>, null when the compilation does not reference the contract.</summary>
    public INamedTypeSymbol? ConvNet { get; }

    /// <summary>Whether the compilation has either attribute (else no class can be a model).</summary>
    public bool Exist => Transformer is not null || ConvNet is not null;

    public static ContractTypes From(Compilation compilation) =>
        new(compilation.GetTypeByMetadataName(KnownNames.TransformerAttribute), compilation.GetTypeByMetadataName(KnownNames.ConvNetAttribute));

    /// <summary>Which model attribute <paramref name="attributeClass"/> is, or null for any other attribute.</summary>
    public ModelAttributeKind? KindOf(INamedTypeSymbol? attributeClass) =>
        attributeClass is null ? null
        : SymbolEqualityComparer.Default.Equals(attributeClass, Transformer) ? ModelAttributeKind.Transformer
        : SymbolEqualityComparer.Default.Equals(attributeClass, ConvNet) ? ModelAttributeKind.ConvNet
        : null;
}
