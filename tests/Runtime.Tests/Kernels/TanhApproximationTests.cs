using System;
using System.Runtime.Intrinsics;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

public class TanhApproximationTests
{
    [Fact]
    public void Scalar_and_vector_forms_are_within_3e_7_absolute_and_2e_6_relative_of_Math_Tanh_on_a_dense_grid()
    {
        double worstAbsolute = 0, worstRelative = 0;
        var lanes = new float[8];
        for (var i = -200_000; i <= 200_000; i += 8)
        {
            for (var k = 0; k < 8; k++) lanes[k] = (i + k) * 5e-5f;
            var vector = TanhApproximation.Tanh(Vector256.Create(lanes));
            for (var k = 0; k < 8; k++)
            {
                var exact = Math.Tanh(lanes[k]);
                foreach (var approx in new double[] { vector[k], TanhApproximation.Tanh(lanes[k]) })
                {
                    worstAbsolute = Math.Max(worstAbsolute, Math.Abs(approx - exact));
                    if (exact != 0) worstRelative = Math.Max(worstRelative, Math.Abs(approx - exact) / Math.Abs(exact));
                }
            }
        }

        Assert.True(worstAbsolute < 3e-7, $"worst absolute error {worstAbsolute:G3}");
        Assert.True(worstRelative < 2e-6, $"worst relative error {worstRelative:G3}");
    }

    [Theory]
    [InlineData(50f, 1f)]
    [InlineData(-1e30f, -1f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(0f, 0f)]
    [InlineData(1e-30f, 1e-30f)]
    public void Saturates_to_within_3e_7_of_plus_minus_one_and_keeps_tiny_values(float x, float expected)
    {
        var tolerance = Math.Abs(expected) == 1 ? 3e-7f : 1e-36f;
        Assert.Equal(expected, TanhApproximation.Tanh(x), tolerance);
        Assert.Equal(expected, TanhApproximation.Tanh(Vector256.Create(x))[3], tolerance);
    }

    [Fact]
    public void NaN_stays_NaN() => Assert.True(float.IsNaN(TanhApproximation.Tanh(float.NaN)));
}
