using System;
using System.Linq;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Norms;

public class DerfTests
{
    /// <summary>erf by its Maclaurin series, independent of libtorch; exact to double precision for |x| &lt; 3.</summary>
    private static double Erf(double x)
    {
        double sum = 0, term = x;
        for (var n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Fact]
    public void Forward_equals_weight_times_erf_of_alpha_x_plus_shift_plus_bias_computed_by_hand()
    {
        var derf = new Derf(2, alphaInit: 0.8, shiftInit: 0.1);
        using (no_grad())
        {
            derf.get_parameter("weight")!.copy_(tensor(new[] { 2f, -1f }));
            derf.get_parameter("bias")!.copy_(tensor(new[] { 0.5f, 0.25f }));
        }
        float[] x = [-1.5f, 0.2f, 2f, -0.7f];

        var y = derf.forward(tensor(x, new long[] { 2, 2 })).data<float>().ToArray();

        float[] w = [2f, -1f], b = [0.5f, 0.25f];
        for (var i = 0; i < x.Length; i++) Assert.Equal(w[i % 2] * Erf(0.8 * x[i] + 0.1) + b[i % 2], y[i], 5);
    }

    [Fact]
    public void Parameters_are_alpha_shift_weight_bias() =>
        Assert.Equal(["alpha", "shift", "weight", "bias"], new Derf(4).state_dict().Keys);

    [Fact]
    public void Alpha_and_shift_gradients_match_the_plain_formula()
    {
        var derf = new Derf(3, alphaInit: 0.4, shiftInit: -0.2);
        var x = randn(5, 3);
        (derf.forward(x) * x).sum().backward();

        var alpha = tensor(new[] { 0.4f }).requires_grad_(true);
        var shift = tensor(new[] { -0.2f }).requires_grad_(true);
        (special.erf(alpha * x + shift) * x).sum().backward();

        TensorAssert.Close(alpha.grad!, derf.get_parameter("alpha")!.grad!, 1e-5, 1e-5, "dalpha");
        TensorAssert.Close(shift.grad!, derf.get_parameter("shift")!.grad!, 1e-5, 1e-5, "dshift");
    }

    [Theory]
    [InlineData(ScalarType.Float16, 2e-3)]
    [InlineData(ScalarType.BFloat16, 1.6e-2)]
    public void Half_types_agree_with_a_float64_reference(ScalarType dtype, double tolerance)
    {
        using var x = randn(2, 3, 4, 4);
        var derf = new Derf(3, layout: ChannelLayout.First);

        TensorAssert.Close(special.erf(x.to(ScalarType.Float64) * 0.5), derf.to(dtype).forward(x.to(dtype)), tolerance, tolerance);
    }

    [Fact]
    public void A_wrong_channel_count_names_the_expected_and_the_actual() =>
        Assert.Contains("Derf expects 5 channels in the last dimension; got 4",
            Assert.Throws<ArgumentException>(() => new Derf(5).forward(zeros(3, 4))).Message);

    [Fact]
    public void A_non_finite_shift_is_rejected() =>
        Assert.Equal("shiftInit", Assert.Throws<ArgumentOutOfRangeException>(() => new Derf(4, shiftInit: double.NaN)).ParamName);
}
