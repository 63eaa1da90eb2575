using System;
using DyT.Kernels;
using DyT.Kernels.Cpu;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// The CUDA kernels on raw device pointers against the CPU kernel; these run only where a GPU is present.
public unsafe class CudaKernelTests
{
    [CudaFact]
    public void Float32_forward_and_backward_match_the_cpu_kernel() => Compare(DytElementType.Float32, 1000, 768, 1e-5);

    [CudaFact]
    public void Float32_with_a_ragged_width_takes_the_scalar_kernels_and_still_matches() => Compare(DytElementType.Float32, 77, 13, 1e-5);

    private static void Compare(DytElementType type, long rows, int channels, double tolerance)
    {
        var random = new Random(5);
        var shape = DytShape.Rows(rows, channels);
        var x = DytReference.Random(random, shape.Elements, 3);
        var dy = DytReference.Random(random, shape.Elements);
        var w = DytReference.Random(random, channels);
        var b = DytReference.Random(random, channels);
        var alpha = new[] { 0.7f };
        var (y, dx, dw, db) = (new float[x.Length], new float[x.Length], new float[channels], new float[channels]);
        float dalphaCpu;
        fixed (float* px = x, pdy = dy, pw = w, pb = b, py = y, pdx = dx, pdw = dw, pdb = db)
        {
            DytCpuKernel.Forward(type, px, py, shape, alpha[0], pw, pb);
            dalphaCpu = (float)DytCpuKernel.Backward(type, px, pdy, pdx, shape, alpha[0], pw, pdw, pdb);
        }

        var driver = CudaDyt.Driver;
        driver.UsePrimaryContext(0);
        var bytes = shape.Elements * 4;
        var buffers = new DeviceBuffers(driver);
        try
        {
            var (dX, dDy, dY, dDx) = (buffers.Upload(x), buffers.Upload(dy), buffers.Allocate(bytes), buffers.Allocate(bytes));
            var (dW, dB, dA) = (buffers.Upload(w), buffers.Upload(b), buffers.Upload(alpha));
            var (dDw, dDb, dDa) = (buffers.Allocate(channels * 4), buffers.Allocate(channels * 4), buffers.Allocate(4));
            var workspace = buffers.Allocate(CudaDyt.WorkspaceBytes(rows, channels));

            CudaDyt.Forward(type, dX, dY, rows, channels, dA, dW, dB);
            CudaDyt.Backward(type, dX, dDy, dDx, rows, channels, dA, dW, dDw, dDb, dDa, workspace);
            driver.Synchronize();

            Assert.Equal(y, buffers.Download(dY, x.Length), new ToleranceComparer(tolerance));
            Assert.Equal(dx, buffers.Download(dDx, x.Length), new ToleranceComparer(tolerance));
            Assert.Equal(dw, buffers.Download(dDw, channels), new ToleranceComparer(tolerance * rows));
            Assert.Equal(db, buffers.Download(dDb, channels), new ToleranceComparer(tolerance * rows));
            Assert.Equal(dalphaCpu, buffers.Download(dDa, 1)[0], (float)(tolerance * shape.Elements));
        }
        finally
        {
            buffers.Dispose();
        }
    }

    private sealed class ToleranceComparer(double tolerance) : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance * (1 + Math.Abs(a));
        public int GetHashCode(float value) => 0;
    }
}
