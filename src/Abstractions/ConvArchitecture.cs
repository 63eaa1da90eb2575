namespace DyT;

/// <summary>The ConvNet family that <see cref="ConvNetAttribute"/> generates.</summary>
public enum ConvArchitecture
{
    /// <summary>ConvNeXt (timm's convnext): depthwise 7x7 blocks with LayerNorm; DyT replaces every LayerNorm.</summary>
    ConvNeXt = 0,

    /// <summary>Bottleneck ResNet (timm's resnet) with BatchNorm after every convolution.</summary>
    ResNet = 1,
}
