using System;
using System.Linq;
using DyT.Kernels;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>Runs a norm layer forward and backward as a network does, and reads tensors back as float arrays.</summary>
internal static class ModuleRun
{
    /// <summary>
    /// y = forward(x) on a leaf copy of <paramref name="x"/> (in <paramref name="dtype"/>), then backward of
    /// sum(y * upstream): returns y and dx.
    /// </summary>
    public static (Tensor Y, Tensor Dx) ForwardBackward(Func<Tensor, Tensor> forward, Tensor x, Tensor upstream, ScalarType? dtype = null)
    {
        var input = x.to(dtype ?? x.dtype).detach().requires_grad_(true);
        var y = forward(input);
        (y * upstream.to(y.dtype)).sum().backward();
        return (y.detach(), input.grad!);
    }

    /// <summary>The elements of <paramref name="tensor"/> in its logical (contiguous) order, as float32.</summary>
    public static float[] Floats(Tensor? tensor) =>
        tensor is null ? [] : tensor.detach().contiguous().to(ScalarType.Float32).data<float>().ToArray();

    /// <summary>The (outer, channels, inner) shape the kernels see of <paramref name="x"/>.</summary>
    public static DytShape ShapeOf(Tensor x, ChannelLayout layout) => layout == ChannelLayout.First
        ? new DytShape(x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
        : DytShape.Rows(x.numel() / x.shape[^1], x.shape[^1]);

    /// <summary>Asserts that two float64 computations of the same quantity (formula and autograd chain) agree.</summary>
    public static void SameInFloat64(double[] expected, Tensor actual, string what)
    {
        var values = actual.detach().contiguous().to(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
            if (!(Math.Abs(values[i] - expected[i]) <= 1e-9 * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}[{i}]: the float64 formula gives {expected[i]:G17}, the float64 unfused chain {values[i]:G17}.");
    }
}
