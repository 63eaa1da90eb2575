using DyT.Kernels.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// Dynamic erf, <c>Derf(x) = weight * erf(alpha * x + shift) + bias</c> ("Stronger Normalization-Free Transformers",
/// Chen et al., 2025): scalars <c>alpha</c> and <c>shift</c>, per-channel <c>weight</c> (ones) and <c>bias</c> (zeros).
/// </summary>
public sealed class Derf : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter alpha;
    private readonly Parameter shift;
    private readonly Parameter? weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006

    /// <summary>Creates a Derf layer over <paramref name="channels"/> channels.</summary>
    /// <param name="channels">Number of channels C.</param>
    /// <param name="alphaInit">Initial alpha; finite and &gt; 0.</param>
    /// <param name="shiftInit">Initial shift; finite.</param>
    /// <param name="layout">Where the channels are.</param>
    /// <param name="elementwiseAffine">False: <c>erf(alpha x + shift)</c> alone.</param>
    /// <param name="bias">False: weight only.</param>
    public Derf(long channels, double alphaInit = DynamicTanh.DefaultAlphaInit, double shiftInit = 0.0,
        ChannelLayout layout = ChannelLayout.Last, bool elementwiseAffine = true, bool bias = true) : base(nameof(Derf))
    {
        InputChecks.Positive(channels, nameof(channels));
        InputChecks.FinitePositive(alphaInit, nameof(alphaInit));
        InputChecks.Finite(shiftInit, nameof(shiftInit));
        Channels = channels;
        Layout = layout;
        alpha = new Parameter(torch.full(1, alphaInit, ScalarType.Float32));
        shift = new Parameter(torch.full(1, shiftInit, ScalarType.Float32));
        if (elementwiseAffine)
        {
            weight = new Parameter(torch.ones(channels));
            if (bias) this.bias = new Parameter(torch.zeros(channels));
        }
        RegisterComponents();
    }

    /// <summary>Number of channels C.</summary>
    public long Channels { get; }

    /// <summary>Where the channels of the input are.</summary>
    public ChannelLayout Layout { get; }

    /// <summary>The scalar alpha (shape [1]).</summary>
    public Parameter Alpha => alpha;

    /// <summary>The scalar shift (shape [1]).</summary>
    public Parameter Shift => shift;

    /// <summary>Per-channel scale, or null without affine.</summary>
    public Parameter? Weight => weight;

    /// <summary>Per-channel shift, or null without affine or bias.</summary>
    public Parameter? Bias => bias;

    /// <summary>
    /// <c>weight * erf(alpha * x + shift) + bias</c> in the input's dtype (see <see cref="Unfused"/>): one fused kernel
    /// forward and backward for float32/float16/bfloat16 on a CPU with an accelerated vector width, in either layout;
    /// the unfused TorchSharp chain otherwise (float64, CUDA for now, other devices).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.NormInput(input, Channels, Layout, nameof(Derf));
        return FusedNorms.TryDerf(input, alpha, shift, weight, bias, Layout == ChannelLayout.First, Unfused) ?? Unfused(input);
    }

    /// <summary>
    /// The reference chain of TorchSharp ops; used where no fused kernel applies. The output has the input's dtype even
    /// when the parameters have another (computed in the promoted dtype and rounded once), as LayerNorm's does: see
    /// <c>OutputDtype</c>.
    /// </summary>
    public Tensor Unfused(Tensor input)
    {
        InputChecks.NormInput(input, Channels, Layout, nameof(Derf));
        var squashed = torch.special.erf(torch.addcmul(shift, input, alpha, 1));
        if (weight is null) return OutputDtype.Like(squashed, input);
        return OutputDtype.Like(bias is null
            ? squashed * Layout.PerChannel(weight)
            : torch.addcmul(Layout.PerChannel(bias), squashed, Layout.PerChannel(weight), 1), input);
    }
}
