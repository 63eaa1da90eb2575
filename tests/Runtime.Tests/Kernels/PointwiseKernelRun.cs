using System;
using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>One problem for a raw pointwise kernel (DyT or Derf): inputs as float32 arrays, rounded to the element type.</summary>
internal sealed record PointwiseProblem(ReferenceFunction F, DytShape Shape, float[] X, float[] Dy, float Alpha, float Shift,
    float[]? Weight, float[]? Bias)
{
    /// <summary>Random x of scale <paramref name="xScale"/>, dy, weight and bias (as <paramref name="affine"/> and
    /// <paramref name="hasBias"/> ask), shift 0.3 for erf (DyT has none).</summary>
    public static PointwiseProblem Random(ReferenceFunction f, DytShape shape, int seed, double xScale, float alpha = 0.7f,
        bool affine = true, bool hasBias = true)
    {
        var random = new Random(seed);
        return new PointwiseProblem(f, shape, DytReference.Random(random, shape.Elements, xScale), DytReference.Random(random, shape.Elements),
            alpha, f == ReferenceFunction.Erf ? 0.3f : 0f, affine ? DytReference.Random(random, shape.Channels, 2) : null,
            affine && hasBias ? DytReference.Random(random, shape.Channels) : null);
    }

    /// <summary>The same problem as <paramref name="type"/> sees it (x and dy rounded).</summary>
    public PointwiseProblem In(DytElementType type) => this with { X = HalfBits.Round(type, X), Dy = HalfBits.Round(type, Dy) };

    public double[] ExpectedY() => PointwiseReference.Forward(F, X, Shape.Channels, Shape.Inner, Alpha, Shift, Weight, Bias);

    public PointwiseGradients ExpectedGradients() => PointwiseReference.Backward(F, X, Dy, Shape.Channels, Shape.Inner, Alpha, Shift, Weight);

    /// <summary>Runs the kernel's forward and backward in <paramref name="type"/>; halves are decoded back to float32.</summary>
    public unsafe PointwiseResult Run(DytElementType type)
    {
        var (dw, db) = (new float[Shape.Channels], new float[Shape.Channels]);
        var size = X.Length * type.Size();
        var (x, dy, y, dx) = (HalfBits.ToBytes(type, X), HalfBits.ToBytes(type, Dy), new byte[size], new byte[size]);
        (double Alpha, double Shift) sums;
        fixed (byte* px = x, pdy = dy, py = y, pdx = dx)
        fixed (float* pw = Weight, pb = Bias, pdw = dw, pdb = db)
        {
            var gw = Weight is null ? null : pdw;
            var gb = Bias is null ? null : pdb;
            if (F == ReferenceFunction.Tanh)
            {
                DytCpuKernel.Forward(type, px, py, Shape, Alpha, pw, pb);
                sums = (DytCpuKernel.Backward(type, px, pdy, pdx, Shape, Alpha, pw, gw, gb), 0);
            }
            else
            {
                DerfCpuKernel.Forward(type, px, py, Shape, Alpha, Shift, pw, pb);
                sums = DerfCpuKernel.Backward(type, px, pdy, pdx, Shape, Alpha, Shift, pw, gw, gb);
            }
        }
        return new PointwiseResult(HalfBits.FromBytes(type, y), HalfBits.FromBytes(type, dx), sums.Alpha, sums.Shift, dw, db);
    }
}

/// <summary>A raw kernel's outputs as float32 arrays.</summary>
internal sealed record PointwiseResult(float[] Y, float[] Dx, double DAlpha, double DShift, float[] DWeight, float[] DBias)
{
    public void AssertSameBits(PointwiseResult other)
    {
        Assert.Equal(other.Y, Y);
        Assert.Equal(other.Dx, Dx);
        Assert.Equal(other.DAlpha, DAlpha);
        Assert.Equal(other.DShift, DShift);
        Assert.Equal(other.DWeight, DWeight);
        Assert.Equal(other.DBias, DBias);
    }
}
