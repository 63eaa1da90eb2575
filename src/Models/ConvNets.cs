namespace DyT.Models;

/// <summary>ConvNeXt-T (timm convnext_tiny) with DyT in place of every LayerNorm, alpha0 0.5.</summary>
[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 3, 3, 9, 3 }, Dims = new[] { 96, 192, 384, 768 }, Norm = NormKind.DyT)]
public partial class ConvNextTiny { }

/// <summary>ResNet-50 (timm resnet50) with its BatchNorm: the paper shows DyT does not replace BatchNorm well.</summary>
[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 3, 4, 6, 3 })]
public partial class ResNet50 { }
