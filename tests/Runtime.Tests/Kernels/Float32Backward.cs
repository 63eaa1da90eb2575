using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>One float32 backward of the raw kernel with weight and bias gradients, on fresh output arrays.</summary>
internal sealed record Float32Backward(double DAlpha, float[] Dx, float[] DWeight, float[] DBias)
{
    public static unsafe Float32Backward Run(DytShape shape, float[] x, float[] dy, float[] w, float alpha)
    {
        var (dx, dw, db) = (new float[x.Length], new float[shape.Channels], new float[shape.Channels]);
        fixed (float* px = x, pdy = dy, pw = w, pdx = dx, pdw = dw, pdb = db)
            return new(DytCpuKernel.Backward(DytElementType.Float32, px, pdy, pdx, shape, alpha, pw, pdw, pdb), dx, dw, db);
    }

    public void AssertSameBits(Float32Backward other)
    {
        Assert.Equal(other.DAlpha, DAlpha);
        Assert.Equal(other.Dx, Dx);
        Assert.Equal(other.DWeight, DWeight);
        Assert.Equal(other.DBias, DBias);
    }
}
