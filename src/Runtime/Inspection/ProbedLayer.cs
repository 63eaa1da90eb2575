using System;
using System.Linq;
using DyT.Blocks;
using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Inspection;

/// <summary>
/// A norm layer the probe knows: where its channels are, and how to compute its output before the per-channel affine
/// (the normalized <c>x̂</c> of LayerNorm and RMSNorm, <c>tanh(alpha x)</c> of DyT, <c>erf(alpha x + shift)</c> of
/// Derf). Layers whose affine cannot be undone from outside (LayerNorm2d, RmsNorm2d, BatchNorm, GroupNorm) report the
/// output they returned.
/// </summary>
internal sealed class ProbedLayer
{
    private readonly Func<Tensor, Tensor, Tensor> outputRows; // (input rows, returned rows) -> recorded output rows

    private ProbedLayer(string path, nn.Module<Tensor, Tensor> module, ChannelLayout layout, bool beforeAffine,
        Func<Tensor, Tensor, Tensor> outputRows)
    {
        Path = path;
        Module = module;
        Layout = layout;
        OutputBeforeAffine = beforeAffine;
        this.outputRows = outputRows;
    }

    public string Path { get; }

    public nn.Module<Tensor, Tensor> Module { get; }

    public ChannelLayout Layout { get; }

    public bool OutputBeforeAffine { get; }

    /// <summary>The layer at <paramref name="path"/> if <paramref name="module"/> is a norm the probe knows, else null.</summary>
    public static ProbedLayer? TryCreate(string path, nn.Module module) => module switch
    {
        LayerNorm norm => new(path, norm, ChannelLayout.Last, true,
            (x, _) => nn.functional.layer_norm(x, new[] { x.shape[1] }, null, null, norm.eps)),
        RmsNorm norm => new(path, norm, ChannelLayout.Last, true,
            (x, _) => x * rsqrt(x.square().mean(new long[] { -1 }, keepdim: true) + norm.Eps)),
        DynamicTanh norm => new(path, norm, norm.Layout, true, (x, _) => tanh(x * norm.Alpha)),
        Derf norm => new(path, norm, norm.Layout, true,
            (x, _) => special.erf(x * norm.get_parameter("alpha")! + norm.get_parameter("shift")!)),
        LayerNorm2d or RmsNorm2d or BatchNorm1d or BatchNorm2d or GroupNorm =>
            new(path, (nn.Module<Tensor, Tensor>)module, ChannelLayout.First, false, (_, returned) => returned),
        _ => null,
    };

    /// <summary>
    /// The tensor as (tokens, channels): the last dimension for channels-last layers; dimension 1 moved last for
    /// channels-first ones, so each pixel (or each sample of a (B, C) input) is one token.
    /// </summary>
    public Tensor Rows(Tensor x) => Layout == ChannelLayout.First && x.dim() > 1
        ? x.movedim(new long[] { 1 }, new long[] { -1 }).reshape(-1, x.shape[1])
        : x.reshape(-1, x.shape[^1]);

    /// <summary>What the probe records as this layer's output, as (tokens, channels), in float32.</summary>
    public Tensor OutputRows(Tensor inputRows, Tensor returned) =>
        outputRows(inputRows, Rows(returned).to(ScalarType.Float32)).to(ScalarType.Float32);

    /// <summary>The layer's own parameters (not its children's), copied to float32 arrays.</summary>
    public (string Name, float[] Values)[] Parameters() =>
        Module.named_parameters(recurse: false)
            .Select(p => (p.name, p.parameter.detach().to(ScalarType.Float32).cpu().data<float>().ToArray()))
            .ToArray();
}
