using System;
using System.Linq;
using DyT.Blocks;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Norms;

/// <summary>
/// Every norm returns its input's dtype, fused or not, whatever its parameters' dtype (issue 10 item 14): a float16 or
/// bfloat16 activation through float32 parameters comes out float16 or bfloat16, as TorchSharp's LayerNorm does, and
/// the gradients have the dtypes of what they are gradients of.
/// </summary>
public class OutputDtypeTests
{
    public static TheoryData<string, ScalarType> Cases()
    {
        var data = new TheoryData<string, ScalarType>();
        foreach (var norm in new[] { "LayerNorm", "DyT", "DyT channels-first", "Derf", "Derf channels-first", "RMSNorm", "RMSNorm2d" })
            foreach (var dtype in new[] { ScalarType.Float16, ScalarType.BFloat16 })
                data.Add(norm, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_half_input_to_float32_parameters_comes_out_in_the_half_type_fused_and_unfused(string norm, ScalarType dtype)
    {
        var (module, unfused, channelsFirst) = Create(norm);
        using var x = (channelsFirst ? randn(2, 16, 3, 5) : randn(3, 7, 16)).to(dtype);
        Assert.All(module.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));

        var input = x.detach().requires_grad_(true);
        var fused = module.forward(input);
        fused.sum().backward();
        using var reference = unfused(x);

        Assert.Equal(dtype, fused.dtype);
        Assert.Equal(dtype, reference.dtype);
        Assert.Equal(dtype, input.grad!.dtype);
        Assert.All(module.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));
        // Both round a float32 result once: within two roundings of the half type.
        var rounding = dtype == ScalarType.Float16 ? Math.Pow(2, -10) : Math.Pow(2, -7);
        TensorAssert.Close(reference, fused, 1e-3, rounding, $"{norm} fused against unfused");
    }

    [Theory]
    [InlineData("DyT")]
    [InlineData("Derf")]
    [InlineData("RMSNorm")]
    public void A_float64_input_to_float32_parameters_comes_out_in_float64(string norm)
    {
        var (module, unfused, _) = Create(norm);
        using var x = randn(3, 7, 16, dtype: ScalarType.Float64);

        Assert.Equal(ScalarType.Float64, module.forward(x).dtype);
        Assert.Equal(ScalarType.Float64, unfused(x).dtype);
    }

    [Theory]
    [InlineData("DyT", "DynamicTanh", ScalarType.Int64)]
    [InlineData("DyT channels-first", "DynamicTanh", ScalarType.Int32)]
    [InlineData("Derf", "Derf", ScalarType.Int64)]
    [InlineData("Derf channels-first", "Derf", ScalarType.Byte)]
    [InlineData("RMSNorm", "RmsNorm", ScalarType.Int64)]
    [InlineData("RMSNorm2d", "RmsNorm2d", ScalarType.Int16)]
    [InlineData("DyT", "DynamicTanh", ScalarType.Bool)]
    public void A_non_floating_input_is_refused_naming_its_dtype_since_the_result_would_be_truncated_to_it(string norm, string layer, ScalarType dtype)
    {
        // Cast back to an integer dtype, DyT's values in (-1, 1) would all be 0.
        var (module, unfused, channelsFirst) = Create(norm);
        using var x = (channelsFirst ? randint(-5, 5, new long[] { 2, 16, 3, 5 }) : randint(-5, 5, new long[] { 3, 7, 16 })).to(dtype);
        var expected = $"{layer} takes a floating-point input (Float32, Float64, Float16 or BFloat16); got {dtype} (convert it first, e.g. input.to(ScalarType.Float32)). (Parameter 'input')";

        var error = Assert.Throws<ArgumentException>(() => module.forward(x));

        Assert.Equal(expected, error.Message);
        Assert.Equal("input", error.ParamName);
        if (norm != "RMSNorm2d") // RmsNorm2d has no Unfused of its own
            Assert.Equal(expected, Assert.Throws<ArgumentException>(() => unfused(x)).Message);
    }

    private static (nn.Module<Tensor, Tensor> Module, Func<Tensor, Tensor> Unfused, bool ChannelsFirst) Create(string norm)
    {
        switch (norm)
        {
            case "LayerNorm":
                var layerNorm = nn.LayerNorm(16);
                return (layerNorm, layerNorm.forward, false);
            case "DyT" or "DyT channels-first":
                var dyt = new DynamicTanh(16, 0.7, norm == "DyT" ? ChannelLayout.Last : ChannelLayout.First);
                return (dyt, dyt.Unfused, dyt.Layout == ChannelLayout.First);
            case "Derf" or "Derf channels-first":
                var derf = new Derf(16, 0.7, 0.2, norm == "Derf" ? ChannelLayout.Last : ChannelLayout.First);
                return (derf, derf.Unfused, derf.Layout == ChannelLayout.First);
            case "RMSNorm":
                var rms = new RmsNorm(16);
                return (rms, rms.Unfused, false);
            default:
                var rms2d = new RmsNorm2d(16);
                var weight = rms2d.get_parameter("weight")!;
                return (rms2d, x => (RmsNorm.Normalize(x, 1e-6, dimension: 1) * weight.view(16, 1, 1)).to(x.dtype), true);
        }
    }
}
