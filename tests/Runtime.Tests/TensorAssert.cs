using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests;

/// <summary>Tensor comparisons with messages that show where and by how much two tensors differ.</summary>
public static class TensorAssert
{
    public static void Close(Tensor expected, Tensor actual, double atol, double rtol = 0, string what = "tensor")
    {
        Assert.Equal(expected.shape, actual.shape);
        using var e = expected.detach().to(ScalarType.Float64);
        using var a = actual.detach().to(ScalarType.Float64);
        using var error = (a - e).abs();
        using var allowed = e.abs() * rtol + atol;
        using var excess = error - allowed;
        var worst = excess.max().item<double>();
        if (worst > 0)
        {
            var index = excess.argmax().item<long>();
            Assert.Fail($"{what}: element {index} differs by {error.flatten()[index].item<double>():G6} " +
                        $"(expected {e.flatten()[index].item<double>():G9}, got {a.flatten()[index].item<double>():G9}; atol {atol}, rtol {rtol}).");
        }
    }

    /// <summary>Same shape, same dtype and the same value in every element (bit-exact, not approximately).</summary>
    public static bool SameAs(this Tensor actual, Tensor expected) =>
        actual.dtype == expected.dtype && actual.shape.SequenceEqual(expected.shape) && actual.eq(expected).all().item<bool>();

    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());
}
