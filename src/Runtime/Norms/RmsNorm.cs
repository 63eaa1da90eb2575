using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// RMSNorm (Zhang and Sennrich, 2019), <c>weight * x * rsqrt(mean(x^2, -1) + eps)</c> over the last dimension, as
/// LLaMA uses it. Half-precision inputs are normalized in float32 and cast back, as Hugging Face's LlamaRMSNorm does.
/// State-dict key: <c>weight</c> (none without affine). TorchSharp 0.107 has no RMSNorm of its own.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Default epsilon (LLaMA 2 uses 1e-5, timm 1e-6).</summary>
    public const double DefaultEps = 1e-6;

#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter? weight;
#pragma warning restore IDE1006

    /// <summary>Creates an RMSNorm over the last dimension of width <paramref name="channels"/>.</summary>
    /// <param name="channels">Number of channels C.</param>
    /// <param name="eps">Added to the mean square before the square root; finite and &gt; 0.</param>
    /// <param name="elementwiseAffine">
    /// False: <c>x * rsqrt(mean(x^2) + eps)</c> alone, no weight (what remains after
    /// <see cref="DyT.Inference.NormFolding"/> moved the weight into the next Linear layers).
    /// </param>
    public RmsNorm(long channels, double eps = DefaultEps, bool elementwiseAffine = true) : base(nameof(RmsNorm))
    {
        InputChecks.Positive(channels, nameof(channels));
        InputChecks.FinitePositive(eps, nameof(eps));
        Channels = channels;
        Eps = eps;
        if (elementwiseAffine) weight = new Parameter(torch.ones(channels));
        RegisterComponents();
    }

    /// <summary>Number of channels C.</summary>
    public long Channels { get; }

    /// <summary>Added to the mean square before the square root.</summary>
    public double Eps { get; }

    /// <summary>Per-channel scale, or null without affine.</summary>
    public Parameter? Weight => weight;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        InputChecks.ChannelCount(input, Channels, ChannelLayout.Last, nameof(RmsNorm));
        var x = input.dtype == ScalarType.Float32 || input.dtype == ScalarType.Float64 ? input : input.to(ScalarType.Float32);
        var normalized = x * torch.rsqrt(x.square().mean(new long[] { -1 }, keepdim: true) + Eps);
        var rounded = normalized.to(input.dtype);
        return weight is null ? rounded : weight * rounded;
    }
}
