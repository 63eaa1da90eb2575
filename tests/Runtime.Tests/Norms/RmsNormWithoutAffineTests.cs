using System;
using System.Linq;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Norms;

/// <summary>RMSNorm without its weight: what remains after folding, <c>x * rsqrt(mean(x^2) + eps)</c>.</summary>
public class RmsNormWithoutAffineTests
{
    [Fact]
    public void Forward_is_x_over_root_mean_square_computed_by_hand()
    {
        var norm = new RmsNorm(4, eps: 1e-5, elementwiseAffine: false);
        float[] x = [1f, -2f, 3f, 0.5f];

        var y = norm.forward(tensor(x, new long[] { 1, 4 })).data<float>().ToArray();

        var rms = Math.Sqrt(x.Select(v => (double)v * v).Average() + 1e-5);
        for (var i = 0; i < 4; i++) Assert.Equal(x[i] / rms, y[i], 5);
    }

    [Fact]
    public void Has_no_weight_and_no_parameters()
    {
        var norm = new RmsNorm(8, elementwiseAffine: false);

        Assert.Null(norm.Weight);
        Assert.Empty(norm.state_dict());
        Assert.Empty(norm.parameters());
    }

    [Fact]
    public void Equals_the_affine_norm_with_unit_weight_in_the_inputs_dtype()
    {
        var bare = new RmsNorm(16, elementwiseAffine: false);
        var unit = new RmsNorm(16).to(ScalarType.BFloat16); // ones in bfloat16: multiplying by them changes nothing
        using var x = randn(3, 5, 16).to(ScalarType.BFloat16);

        using var expected = unit.forward(x);
        using var actual = bare.forward(x);

        Assert.Equal(ScalarType.BFloat16, actual.dtype);
        Assert.True(actual.SameAs(expected));
    }

    [Fact]
    public void Fused_forward_matches_the_unfused_chain_and_registers_no_tensor()
    {
        var norm = new RmsNorm(64, elementwiseAffine: false);
        using var x = randn(4, 7, 64);

        using var fused = norm.forward(x); // the fused kernel, given ones for the weight it multiplies by
        using var chain = norm.Unfused(x);

        Assert.True(fused.allclose(chain, rtol: 1e-6, atol: 1e-6), "the weightless fused forward differs from the chain");
        Assert.Empty(norm.state_dict());
        Assert.Empty(norm.buffers());
    }

    [Fact]
    public void Forward_inside_dispose_scopes_keeps_working_after_each_scope_ends()
    {
        var norm = new RmsNorm(64, elementwiseAffine: false);
        using var x = randn(2, 3, 64);
        using var expected = norm.Unfused(x);

        for (var call = 0; call < 2; call++) // the second call would read a tensor the first scope disposed
        {
            using var scope = NewDisposeScope();
            Assert.True(norm.forward(x).allclose(expected, rtol: 1e-6, atol: 1e-6), $"call {call} differs from the chain");
        }
    }
}
