namespace DyT.Norms;

/// <summary>Where the channel dimension of a norm's input is.</summary>
public enum ChannelLayout
{
    /// <summary>Channels are the last dimension: (B, T, C) tokens, or (B, H, W, C).</summary>
    Last = 0,

    /// <summary>Channels are dimension 1 of a 4-D (B, C, H, W) input, as ConvNeXt's LayerNorm2d.</summary>
    First = 1,
}

/// <summary>Shapes a per-channel parameter so it broadcasts against an input of the given layout.</summary>
internal static class ChannelLayoutExtensions
{
    public static TorchSharp.torch.Tensor PerChannel(this ChannelLayout layout, TorchSharp.torch.Tensor parameter) =>
        layout == ChannelLayout.First ? parameter.view(parameter.shape[0], 1, 1) : parameter;
}
