namespace DyT.Models;

// timm's ViT presets at 224x224 with 1000 classes, with DyT (alpha0 0.5, the paper's setting) in place of every LayerNorm.
// For the LayerNorm baseline, declare your own with Norm = NormKind.LayerNorm.

/// <summary>ViT-Ti/16 (timm vit_tiny_patch16_224) with DyT.</summary>
[Transformer(Architecture.ViT, Dim = 192, Depth = 12, Heads = 3, Norm = NormKind.DyT, AlphaInit = 0.5)]
public partial class VitTiny { }

/// <summary>ViT-S/16 (timm vit_small_patch16_224) with DyT.</summary>
[Transformer(Architecture.ViT, Dim = 384, Depth = 12, Heads = 6, Norm = NormKind.DyT, AlphaInit = 0.5)]
public partial class VitSmall { }

/// <summary>ViT-B/16 (timm vit_base_patch16_224) with DyT.</summary>
[Transformer(Architecture.ViT, Dim = 768, Depth = 12, Heads = 12, Norm = NormKind.DyT, AlphaInit = 0.5)]
public partial class VitBase { }
