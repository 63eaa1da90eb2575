namespace DyT.Generators.Specs;

// The generator cannot reference the runtime assembly, so it mirrors the user-facing enums by value.
// A test checks these against DyT.NormKind, DyT.Architecture and DyT.ConvArchitecture.

/// <summary>Mirror of <c>DyT.NormKind</c>.</summary>
internal enum Norm
{
    LayerNorm = 0,
    RMSNorm = 1,
    DyT = 2,
    Derf = 3,
}

/// <summary>Mirror of <c>DyT.Architecture</c>.</summary>
internal enum TransformerFamily
{
    ViT = 0,
    Llama = 1,
    DiT = 2,
}

/// <summary>Mirror of <c>DyT.ConvArchitecture</c>.</summary>
internal enum ConvFamily
{
    ConvNeXt = 0,
    ResNet = 1,
}
