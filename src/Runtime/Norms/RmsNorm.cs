using DyT.Kernels.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// RMSNorm (Zhang and Sennrich, 2019), <c>x * rsqrt(mean(x^2, -1) + eps) * weight</c> over the last dimension, as
/// LLaMA uses it. Half-precision inputs are normalized in float32, as Hugging Face's LlamaRMSNorm does, and the result
/// is rounded once to the input's dtype (LlamaRMSNorm rounds the normalized x, then multiplies by the weight in the
/// weight's dtype). State-dict key: <c>weight</c>. TorchSharp 0.107 has no RMSNorm of its own.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Default epsilon (LLaMA 2 uses 1e-5, timm 1e-6).</summary>
    public const double DefaultEps = 1e-6;

#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter weight;
#pragma warning restore IDE1006

    /// <summary>Creates an RMSNorm over the last dimension of width <paramref name="channels"/>.</summary>
    public RmsNorm(long channels, double eps = DefaultEps) : base(nameof(RmsNorm))
    {
        InputChecks.Positive(channels, nameof(channels));
        InputChecks.FinitePositive(eps, nameof(eps));
        Channels = channels;
        Eps = eps;
        weight = new Parameter(torch.ones(channels));
        RegisterComponents();
    }

    /// <summary>Number of channels C.</summary>
    public long Channels { get; }

    /// <summary>Added to the mean square before the square root.</summary>
    public double Eps { get; }

    /// <summary>Per-channel scale.</summary>
    public Parameter Weight => weight;

    /// <summary>
    /// The normalized input in its own dtype (see <see cref="Unfused"/>): one fused kernel forward and backward for
    /// float32/float16/bfloat16 on a CPU with an accelerated vector width; the unfused TorchSharp chain otherwise
    /// (float64, CUDA for now, other devices).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.ChannelCount(input, Channels, ChannelLayout.Last, nameof(RmsNorm));
        return FusedNorms.TryRmsNorm(input, weight, Eps) ?? Unfused(input);
    }

    /// <summary>
    /// The reference chain of TorchSharp ops; used where no fused kernel applies. Half inputs are computed in float32;
    /// the output has the input's dtype whatever the weight's, as LayerNorm's does: see <c>OutputDtype</c>.
    /// </summary>
    public Tensor Unfused(Tensor input)
    {
        InputChecks.ChannelCount(input, Channels, ChannelLayout.Last, nameof(RmsNorm));
        return OutputDtype.Like(Normalize(input, Eps, dimension: -1) * weight, input);
    }

    /// <summary><c>x * rsqrt(mean(x^2) + eps)</c> along <paramref name="dimension"/>, in float32 for half inputs.</summary>
    internal static Tensor Normalize(Tensor input, double eps, long dimension)
    {
        var x = input.dtype == ScalarType.Float32 || input.dtype == ScalarType.Float64 ? input : input.to(ScalarType.Float32);
        return x * torch.rsqrt(x.square().mean(new[] { dimension }, keepdim: true) + eps);
    }
}
