using System;
using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>The initializations the reference implementations use, in one place.</summary>
public static class WeightInit
{
    /// <summary>timm's ViT init for a linear layer: truncated normal (std 0.02) weight, zero bias.</summary>
    public static void TruncNormalLinear(Linear linear, double std = 0.02)
    {
        ArgumentNullException.ThrowIfNull(linear);
        TruncNormal(linear.weight, linear.bias, std);
    }

    /// <summary>
    /// timm's ConvNeXt convolution init: truncated normal weight (std 0.02, within two std), zero bias. Returns the
    /// layer, so a construction can be wrapped.
    /// </summary>
    public static Conv2d TruncNormalConv(Conv2d conv, double std = 0.02)
    {
        ArgumentNullException.ThrowIfNull(conv);
        TruncNormal(conv.weight, conv.bias, std);
        return conv;
    }

    private static void TruncNormal(Parameter weight, Parameter? bias, double std)
    {
        InputChecks.FinitePositive(std, nameof(std));
        using var _ = no_grad();
        using var values = TruncatedNormal(weight.shape, std);
        weight.copy_(values);
        if (bias is not null) nn.init.zeros_(bias);
    }

    /// <summary>
    /// timm's ResNet convolution init: Kaiming normal over fan-out with ReLU's gain, std sqrt(2 / (out channels x
    /// kernel area)). Returns the layer, so a construction can be wrapped.
    /// </summary>
    public static Conv2d KaimingFanOut(Conv2d conv)
    {
        ArgumentNullException.ThrowIfNull(conv);
        using var _ = no_grad();
        nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        return conv;
    }

    /// <summary>
    /// timm's <c>zero_init_last</c> for a bottleneck's last norm: its weight (BatchNorm, DyT, LayerNorm2d or
    /// RmsNorm2d alike) set to zero, so each residual branch starts at zero and each block as its shortcut. A norm
    /// without a weight is left as it is.
    /// </summary>
    public static void ZeroWeight(nn.Module norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        using var _ = no_grad();
        foreach (var (name, parameter) in norm.named_parameters(recurse: false))
            if (name == "weight") nn.init.zeros_(parameter);
    }

    /// <summary>A parameter drawn from a normal distribution truncated at two standard deviations.</summary>
    public static Parameter TruncNormalParameter(long[] shape, double std)
    {
        using var values = TruncatedNormal(shape, std);
        return new Parameter(values.clone());
    }

    /// <summary>
    /// Normal values with the given std, redrawn until all lie within two std (timm's trunc_normal_ bounds).
    /// TorchSharp 0.107's nn.init.trunc_normal_ returns values near zero for these arguments, so this does not use it.
    /// </summary>
    internal static Tensor TruncatedNormal(long[] shape, double std)
    {
        using var scope = NewDisposeScope();
        var values = randn(shape);
        for (var outside = values.abs() > 2; outside.any().item<bool>(); outside = values.abs() > 2)
            values = where(outside, randn(shape), values);
        return (values * std).MoveToOuterDisposeScope();
    }

    /// <summary>Hugging Face's Llama and DiT's embedders: normal (std) weight, zero bias.</summary>
    public static void NormalLinear(Linear linear, double std)
    {
        using var _ = no_grad();
        nn.init.normal_(linear.weight, 0, std);
        if (linear.bias is not null) nn.init.zeros_(linear.bias);
    }

    /// <summary>Hugging Face's Llama and DiT's label table: embedding weights normal with the given std.</summary>
    public static void NormalEmbedding(Embedding embedding, double std)
    {
        using var _ = no_grad();
        nn.init.normal_(embedding.weight!, 0, std);
    }

    /// <summary>DiT's basic init for a linear layer: xavier-uniform weight, zero bias.</summary>
    public static void XavierLinear(Linear linear)
    {
        using var _ = no_grad();
        nn.init.xavier_uniform_(linear.weight);
        if (linear.bias is not null) nn.init.zeros_(linear.bias);
    }

    /// <summary>adaLN-Zero: weight and bias zero, so the layer outputs zeros until trained.</summary>
    public static void ZeroLinear(Linear linear)
    {
        using var _ = no_grad();
        nn.init.zeros_(linear.weight);
        if (linear.bias is not null) nn.init.zeros_(linear.bias);
    }

    /// <summary>A parameter drawn from a normal distribution.</summary>
    public static Parameter NormalParameter(long[] shape, double std) => new(randn(shape) * std);
}
