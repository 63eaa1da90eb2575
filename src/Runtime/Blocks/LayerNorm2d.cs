using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// LayerNorm over the channels of a (B, C, H, W) input, as timm's <c>LayerNorm2d</c> in ConvNeXt's stem, downsampling
/// layers and head: per pixel over C, keys <c>weight</c> and <c>bias</c>.
/// </summary>
public sealed class LayerNorm2d : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006
    private readonly long channels;
    private readonly double eps;

    /// <summary>Creates the norm over <paramref name="channels"/> channels.</summary>
    public LayerNorm2d(long channels, double eps = 1e-6) : base(nameof(LayerNorm2d))
    {
        InputChecks.Positive(channels, nameof(channels));
        InputChecks.FinitePositive(eps, nameof(eps));
        this.channels = channels;
        this.eps = eps;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        RegisterComponents();
    }

    /// <summary>
    /// (B, C, H, W) to (B, C, H, W), in the input's dtype whatever the parameters' dtype, as RmsNorm2d and channels-first
    /// DyT (see <c>OutputDtype</c>): ConvNets use the three interchangeably.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.NormInput(input, channels, ChannelLayout.First, nameof(LayerNorm2d));
        if (input.dtype == weight.dtype) return Normalize(input, weight, bias);
        // libtorch's layer_norm takes only some mixed pairs (a half input to float32 parameters); others, such as a
        // float64 input or bfloat16 parameters, fail with "mixed dtype". So whenever the dtypes differ it runs in the
        // promoted dtype, which loses nothing (casting up is exact), and the result is rounded once to the input's.
        using var scope = NewDisposeScope(); // frees the promoted copies; input and parameters were made outside it
        var promoted = promote_types(input.dtype, weight.dtype);
        var normalized = Normalize(input.to(promoted), weight.to(promoted), bias.to(promoted));
        return scope.MoveToOuter(OutputDtype.Like(normalized, input));
    }

    // Channels last for layer_norm, then back: what timm does.
    private Tensor Normalize(Tensor x, Tensor scale, Tensor shift) =>
        nn.functional.layer_norm(x.permute(0, 2, 3, 1), new[] { channels }, scale, shift, eps).permute(0, 3, 1, 2);
}
