using System;
using System.Linq;
using DyT.Kernels.Torch;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>
/// An input that does not require grad (a frozen layer's output, when only the norms train) gets no dx: the ops skip it,
/// as LayerNorm's output mask does, and the parameter gradients stay what they are with dx.
/// </summary>
public class FrozenInputTests
{
    public static TheoryData<string> Norms => new() { "DyT", "Derf", "RMSNorm" };

    [Theory]
    [MemberData(nameof(Norms))]
    public void A_frozen_input_gets_no_gradient_and_the_parameters_get_the_same_bits(string norm)
    {
        manual_seed(3);
        var layer = Create(norm);
        using (no_grad())
            foreach (var parameter in layer.parameters()) parameter.add_(randn_like(parameter) * 0.3);
        var x = randn(4, 9, 24);
        var upstream = randn(4, 9, 24);

        var frozen = ParameterGradients(layer, x, upstream, inputRequiresGrad: false, out var frozenInput);
        var trained = ParameterGradients(layer, x, upstream, inputRequiresGrad: true, out var trainedInput);

        Assert.Null(frozenInput.grad);
        Assert.NotNull(trainedInput.grad);
        Assert.Equal(trained.Length, frozen.Length);
        for (var p = 0; p < trained.Length; p++)
            Assert.Equal(trained[p].Select(BitConverter.SingleToInt32Bits), frozen[p].Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(Norms))]
    public void The_op_returns_no_dx_when_none_is_needed_and_the_same_parameter_gradients(string norm)
    {
        manual_seed(4);
        var layer = Create(norm);
        var x = randn(3, 5, 16);
        var dy = randn(3, 5, 16);

        var without = Backward(norm, layer, x, dy, needsDx: false);
        var with = Backward(norm, layer, x, dy, needsDx: true);

        Assert.Null(without[0]);
        Assert.NotNull(with[0]);
        for (var g = 1; g < with.Length; g++)
            Assert.Equal(ModuleRun.Floats(with[g]), ModuleRun.Floats(without[g]));
    }

    private static nn.Module<Tensor, Tensor> Create(string norm) => norm switch
    {
        "DyT" => new DynamicTanh(24),
        "Derf" => new Derf(24, shiftInit: 0.1),
        _ => new RmsNorm(24),
    };

    private static float[][] ParameterGradients(nn.Module<Tensor, Tensor> layer, Tensor x, Tensor upstream, bool inputRequiresGrad,
        out Tensor input)
    {
        layer.zero_grad();
        input = x.detach().requires_grad_(inputRequiresGrad);
        (layer.forward(input) * upstream).sum().backward();
        return layer.parameters().Select(p => ModuleRun.Floats(p.grad)).ToArray();
    }

    private static Tensor?[] Backward(string norm, nn.Module<Tensor, Tensor> layer, Tensor x, Tensor dy, bool needsDx)
    {
        using var _ = no_grad();
        return layer switch
        {
            DynamicTanh dyt => DytOp.Backward(x, dy, [dyt.Alpha, dyt.Weight, dyt.Bias], new PointwiseLayout(false), needsDx),
            Derf derf => DerfOp.Backward(x, dy, [derf.Alpha, derf.Shift, derf.Weight, derf.Bias], new PointwiseLayout(false), needsDx),
            RmsNorm rms => RmsNormOp.Backward(x, dy, [rms.Weight], new RmsNormSettings(rms.Eps), needsDx),
            _ => throw new ArgumentException($"No fused op for {norm}.", nameof(norm)),
        };
    }
}
