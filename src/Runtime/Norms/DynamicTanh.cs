using DyT.Kernels.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// Dynamic Tanh, <c>DyT(x) = weight * tanh(alpha * x) + bias</c> (Zhu, Chen, He, LeCun, Liu, 2025, Algorithm 1):
/// a scalar learnable <c>alpha</c> and per-channel <c>weight</c> (ones) and <c>bias</c> (zeros), keys as the
/// official <c>dynamic_tanh.py</c>. A drop-in replacement for LayerNorm and RMSNorm that needs no statistics.
/// </summary>
public sealed class DynamicTanh : nn.Module<Tensor, Tensor>
{
    /// <summary>The paper's default initial alpha for non-LLM models.</summary>
    public const double DefaultAlphaInit = 0.5;

#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter alpha;
    private readonly Parameter? weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006

    /// <summary>Creates a DyT layer over <paramref name="channels"/> channels.</summary>
    /// <param name="channels">Number of channels C (the normalized width).</param>
    /// <param name="alphaInit">Initial value of the scalar alpha; must be finite and &gt; 0.</param>
    /// <param name="layout">Where the channels are: last (tokens) or first of (B, C, H, W) (ConvNeXt's 2-D norms).</param>
    /// <param name="elementwiseAffine">False for DiT's pre-modulation norms: <c>tanh(alpha x)</c> alone, no weight or bias.</param>
    /// <param name="bias">False for LLaMA: weight only.</param>
    public DynamicTanh(long channels, double alphaInit = DefaultAlphaInit, ChannelLayout layout = ChannelLayout.Last,
        bool elementwiseAffine = true, bool bias = true) : base(nameof(DynamicTanh))
    {
        InputChecks.Positive(channels, nameof(channels));
        InputChecks.FinitePositive(alphaInit, nameof(alphaInit));
        Channels = channels;
        AlphaInit = alphaInit;
        Layout = layout;
        alpha = new Parameter(torch.full(1, alphaInit, ScalarType.Float32));
        if (elementwiseAffine)
        {
            weight = new Parameter(torch.ones(channels));
            if (bias) this.bias = new Parameter(torch.zeros(channels));
        }
        RegisterComponents();
    }

    /// <summary>Number of channels C.</summary>
    public long Channels { get; }

    /// <summary>The alpha this layer was created with.</summary>
    public double AlphaInit { get; }

    /// <summary>Where the channels of the input are.</summary>
    public ChannelLayout Layout { get; }

    /// <summary>The scalar alpha (shape [1]).</summary>
    public Parameter Alpha => alpha;

    /// <summary>Per-channel scale, or null without affine.</summary>
    public Parameter? Weight => weight;

    /// <summary>Per-channel shift, or null without affine or bias.</summary>
    public Parameter? Bias => bias;

    /// <summary>
    /// <c>weight * tanh(alpha * x) + bias</c> in the input's dtype (see <see cref="Unfused"/>): one fused kernel forward
    /// and backward for float32/float16/bfloat16 on a CPU with an accelerated vector width (AVX-512, AVX2 with FMA, or
    /// ARM64 AdvSimd), in either layout, and on CUDA, channels-last, when the CUDA kernel layer loads; the unfused
    /// TorchSharp chain otherwise.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.NormInput(input, Channels, Layout, nameof(DynamicTanh));
        return FusedNorms.TryDyt(input, alpha, weight, bias, Layout == ChannelLayout.First, Unfused) ?? Unfused(input);
    }

    /// <summary>
    /// The reference chain of TorchSharp ops, one temporary each; used where no fused kernel applies. The output has
    /// the input's dtype even when the parameters have another (a float16 input to float32 parameters gives float16,
    /// computed in float32 and rounded once), as LayerNorm's does: see <c>OutputDtype</c>.
    /// </summary>
    public Tensor Unfused(Tensor input)
    {
        InputChecks.NormInput(input, Channels, Layout, nameof(DynamicTanh));
        var squashed = torch.tanh(input * alpha);
        if (weight is null) return OutputDtype.Like(squashed, input);
        return OutputDtype.Like(bias is null
            ? squashed * Layout.PerChannel(weight)
            : torch.addcmul(Layout.PerChannel(bias), squashed, Layout.PerChannel(weight), 1), input);
    }
}
