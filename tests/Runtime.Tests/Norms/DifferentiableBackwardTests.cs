using System;
using System.Linq;
using DyT.Blocks;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Norms;

/// <summary>
/// The fused norms' backward under <c>create_graph</c> (gradient penalties, second derivatives) goes through the
/// layer's own chain of ops, so its gradients carry their graph; and a backward libtorch refuses is an exception the
/// caller can catch, not the end of the process.
/// </summary>
public class DifferentiableBackwardTests
{
    public static TheoryData<string> Norms() => ["DyT", "DyT channels-first", "Derf", "RMSNorm", "RmsNorm2d"];

    private static (nn.Module<Tensor, Tensor> Layer, Func<Tensor, Tensor> Chain, long[] Shape) Create(string norm)
    {
        manual_seed(7);
        switch (norm)
        {
            case "DyT": { var l = new DynamicTanh(6, 0.8); RandomizeAffine(l); return (l, l.Unfused, [3, 4, 6]); }
            case "DyT channels-first": { var l = new DynamicTanh(6, 0.8, layout: ChannelLayout.First); RandomizeAffine(l); return (l, l.Unfused, [2, 6, 3, 3]); }
            case "Derf": { var l = new Derf(6, 0.8, 0.1); RandomizeAffine(l); return (l, l.Unfused, [3, 4, 6]); }
            case "RMSNorm": { var l = new RmsNorm(6); RandomizeAffine(l); return (l, l.Unfused, [3, 4, 6]); }
            default:
            {
                var l = new RmsNorm2d(6);
                RandomizeAffine(l);
                // RmsNorm2d's reference: the normalized input over channels, as its unfused forward computes it.
                return (l, x => x * rsqrt(x.square().mean([1], keepdim: true) + 1e-6) * l.parameters().Single().view(1, 6, 1, 1), [2, 6, 3, 3]);
            }
        }
    }

    private static void RandomizeAffine(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var parameter in module.parameters()) parameter.add_(randn_like(parameter) * 0.3);
    }

    /// <summary>d(loss + |d loss/dx|^2) with respect to x and every parameter, through <paramref name="forward"/>.</summary>
    private static Tensor[] PenaltyGradients(nn.Module layer, Func<Tensor, Tensor> forward, Tensor x0, Tensor upstream)
    {
        layer.zero_grad();
        var leaf = x0.detach().clone().requires_grad_(true);
        var input = leaf * 1; // an activation, as inside a network
        var loss = (forward(input) * upstream).sum();
        var dx = autograd.grad([loss], [input], retain_graph: true, create_graph: true)[0];
        Assert.True(dx.requires_grad, "the gradient has no graph");
        (loss + dx.square().sum()).backward();
        return [leaf.grad!.clone(), .. layer.parameters().Select(p => p.grad!.clone())];
    }

    [Theory]
    [MemberData(nameof(Norms))]
    public void A_gradient_penalty_through_the_fused_norm_equals_the_one_through_its_chain_of_ops(string norm)
    {
        var (layer, chain, shape) = Create(norm);
        using var x0 = randn(shape);
        using var upstream = randn(shape);

        var expected = PenaltyGradients(layer, chain, x0, upstream);
        var actual = PenaltyGradients(layer, layer.forward, x0, upstream);

        for (var i = 0; i < expected.Length; i++)
            TensorAssert.Close(expected[i], actual[i], 1e-5, 1e-5, i == 0 ? "d/dx" : $"d/d parameter {i}");
    }

    [Fact]
    public void A_plain_backward_still_runs_the_kernels_and_gives_gradients_without_a_graph()
    {
        var layer = new DynamicTanh(6, 0.8);
        var leaf = randn(3, 6).requires_grad_(true);
        var input = leaf * 1;

        var dx = autograd.grad([layer.forward(input).sum()], [input])[0];

        Assert.False(dx.requires_grad);
        using var reference = autograd.grad([layer.Unfused(input).sum()], [input])[0];
        TensorAssert.Close(reference, dx, 1e-6, 1e-6, "dx");
    }

    [Theory]
    [InlineData("input")]
    [InlineData("weight")]
    public void A_backward_libtorch_refuses_is_an_exception_the_caller_catches_as_with_the_unfused_chain(string change)
    {
        var unfused = ChildProcess.Run("fused-backward-failure", change, "unfused");
        var fused = ChildProcess.Run("fused-backward-failure", change, "fused");

        Assert.Contains(unfused, line => line.StartsWith("caught ", StringComparison.Ordinal) && line.Contains("modified by an inplace operation"));
        Assert.Contains(fused, line => line.StartsWith("caught ExternalException: ", StringComparison.Ordinal) && line.Contains("returned an invalid gradient"));
        Assert.Contains(fused, line => line.StartsWith("DynamicTanhBackward failed, so backward() will fail with 'returned an invalid gradient': ", StringComparison.Ordinal)
            && line.Contains("modified by an inplace operation"));
    }
}
