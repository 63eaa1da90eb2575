using DyT.Kernels.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// RMSNorm (Zhang and Sennrich, 2019), <c>x * rsqrt(mean(x^2, -1) + eps) * weight</c> over the last dimension, as
/// LLaMA uses it. Half-precision inputs are normalized in float32, as Hugging Face's LlamaRMSNorm does, and the result
/// is rounded once to the input's dtype (LlamaRMSNorm rounds the normalized x, then multiplies by the weight in the
/// weight's dtype). State-dict key: <c>weight</c> (none without affine). TorchSharp 0.107 has no RMSNorm of its own.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Default epsilon (LLaMA 2 uses 1e-5, timm 1e-6).</summary>
    public const double DefaultEps = 1e-6;

#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter? weight;
#pragma warning restore IDE1006

    // What the fused kernel multiplies by when there is no weight: ones (x * 1 is exact). Made on first use on the
    // input's device, kept out of the caller's dispose scope (it outlives the call), and never registered, so a
    // weightless RMSNorm has no state-dict key.
    private Tensor? ones;

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

    /// <summary>
    /// The normalized input in its own dtype (see <see cref="Unfused"/>): one fused kernel forward and backward for
    /// float32/float16/bfloat16 on a CPU with an accelerated vector width; the unfused TorchSharp chain otherwise
    /// (float64, CUDA for now, other devices).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.NormInput(input, Channels, ChannelLayout.Last, nameof(RmsNorm));
        return FusedNorms.TryRmsNorm(input, weight ?? Ones(input.device), Eps, Unfused) ?? Unfused(input);
    }

    /// <summary>
    /// The reference chain of TorchSharp ops; used where no fused kernel applies. Half inputs are computed in float32;
    /// the output has the input's dtype whatever the weight's, as LayerNorm's does: see <c>OutputDtype</c>.
    /// </summary>
    public Tensor Unfused(Tensor input)
    {
        InputChecks.NormInput(input, Channels, ChannelLayout.Last, nameof(RmsNorm));
        var normalized = Normalize(input, Eps, dimension: -1);
        return OutputDtype.Like(weight is null ? normalized : normalized * weight, input);
    }

    private Tensor Ones(Device device)
    {
        if (ones is null || ones.device != device)
        {
            ones?.Dispose();
            ones = torch.ones(Channels, device: device).DetachFromDisposeScope();
        }
        return ones;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) ones?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary><c>x * rsqrt(mean(x^2) + eps)</c> along <paramref name="dimension"/>, in float32 for half inputs.</summary>
    internal static Tensor Normalize(Tensor input, double eps, long dimension)
    {
        var x = input.dtype == ScalarType.Float32 || input.dtype == ScalarType.Float64 ? input : input.to(ScalarType.Float32);
        return x * torch.rsqrt(x.square().mean(new[] { dimension }, keepdim: true) + eps);
    }
}
