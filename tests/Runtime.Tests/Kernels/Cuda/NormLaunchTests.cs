using System;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// What the norms' launch code hands the kernels, and what it refuses before launching anything.
public class NormLaunchTests
{
    private readonly RecordingDevice device = new();

    [Fact]
    public void The_dyt_forward_passes_the_kernels_parameters_in_order()
    {
        PointwiseNorm.Dyt.Forward(device, DytElementType.BFloat16, 0x1000, 0x2000, DytShape.Rows(8192, 4096), 0x30, 0, 0x40, 0x50);

        var (kernel, launch, arguments) = device.Launches.Single();
        Assert.Equal("dyt_forward_bf16_v8", kernel);
        Assert.Equal(new Launch(2048, 2, 256, 1, 0), launch);
        Assert.Equal([0x1000L, 0x2000, 0x30, 0, 0x40, 0x50, 8192, 4096], arguments.Select(a => (long)a.Bits));
        Assert.Equal([ArgumentKind.Pointer, ArgumentKind.Pointer, ArgumentKind.Pointer, ArgumentKind.Pointer, ArgumentKind.Pointer, ArgumentKind.Pointer,
            ArgumentKind.Int64, ArgumentKind.Int32], arguments.Select(a => a.Kind));
    }

    [Fact]
    public void The_derf_backward_puts_every_partial_inside_the_workspace_it_asked_for()
    {
        var shape = DytShape.Rows(6304, 384);
        var bytes = PointwiseNorm.Derf.WorkspaceBytes(device, DytElementType.Float32, shape);
        const long workspace = 0x100000;

        PointwiseNorm.Derf.Backward(device, DytElementType.Float32, 0x1000, 0x2000, 0x3000, shape, 0x40, 0x44, 0x50,
            0x60, 0x70, 0x80, 0x90, (nint)workspace, bytes);

        Assert.Equal(["derf_backward_f32_v4", "norm_reduce_rows", "norm_reduce_rows"], device.Launches.Select(l => l.Kernel));
        var main = device.Launches[0];
        var partials = (long)main.Arguments[6].Bits;
        var scalars = (long)main.Arguments[7].Bits;
        var count = (int)main.Arguments[8].Bits;
        Assert.Equal(workspace, partials);
        Assert.Equal(main.Launch.Blocks, count);
        Assert.True(scalars >= partials + 4L * main.Launch.GridY * 2 * 384, "scalar partials after the 2C-wide matrix");
        Assert.True(scalars + 4L * 2 * count <= workspace + bytes, "both scalars' partials inside the workspace");
        var last = device.Launches[^1].Arguments;
        Assert.Equal([0x60L, 0x70, 384], last.Skip(5).Take(3).Select(a => (long)a.Bits)); // dweight, dbias, split at C
        Assert.Equal([0x80L, 0x90], device.Launches[1].Arguments.Skip(10).Select(a => (long)a.Bits)); // dalpha, dshift
    }

    [Fact]
    public void The_rmsnorm_backward_without_dweight_needs_no_workspace_and_launches_no_reduction()
    {
        RmsNormLaunches.Backward(device, DytElementType.Float16, 0x1000, 0x2000, 0x3000, DytShape.Rows(10, 768), 0x40, 1e-6f, 0, 0, 0);

        var (kernel, _, arguments) = device.Launches.Single();
        Assert.Equal("rmsnorm_backward_f16_v8_e8", kernel);
        Assert.Equal(0UL, arguments[5].Bits);
        Assert.Equal(BitConverter.SingleToUInt32Bits(1e-6f), arguments[4].Bits);
        Assert.Equal(ArgumentKind.Float32, arguments[4].Kind);
    }

    [Fact]
    public void A_channels_first_shape_is_refused_by_every_norm_before_any_launch()
    {
        var shape = new DytShape(2, 64, 49);

        var errors = new Exception[]
        {
            Assert.Throws<ArgumentException>(() => PointwiseNorm.Dyt.Forward(device, DytElementType.Float32, 0x1000, 0x2000, shape, 0x30, 0, 0, 0)),
            Assert.Throws<ArgumentException>(() => PointwiseNorm.Derf.Backward(device, DytElementType.Float32, 0x1000, 0x2000, 0x3000, shape, 0x30, 0x34, 0, 0, 0, 0x40, 0, 0x5000, 1 << 20)),
            Assert.Throws<ArgumentException>(() => RmsNormLaunches.Forward(device, DytElementType.Float32, 0x1000, 0x2000, shape, 0, 1e-6f)),
        };

        Assert.All(errors, e => Assert.Contains("channels-last rows (inner extent 1); got (outer 2, channels 64, inner 49)", e.Message));
        Assert.Empty(device.Launches);
    }

    [Fact]
    public void A_workspace_smaller_than_the_plan_needs_is_refused_with_both_sizes()
    {
        var shape = DytShape.Rows(1000, 384);
        var needed = PointwiseNorm.Dyt.WorkspaceBytes(device, DytElementType.Float32, shape);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseNorm.Dyt.Backward(device, DytElementType.Float32,
            0x1000, 0x2000, 0x3000, shape, 0x30, 0, 0x40, 0x50, 0x60, 0x70, 0, 0x9000, needed - 4));

        Assert.Equal("workspace", error.ParamName);
        Assert.Contains($"at least {needed} bytes (WorkspaceBytes); got {needed - 4}", error.Message);
        Assert.Empty(device.Launches);
    }

    [Fact]
    public void Scalars_and_affine_are_checked_for_what_each_norm_has()
    {
        var shape = DytShape.Rows(4, 8);

        Assert.Equal("shift", Assert.Throws<ArgumentException>(() => PointwiseNorm.Derf.Forward(device, DytElementType.Float32, 0x1000, 0x2000, shape, 0x30, 0, 0, 0)).ParamName);
        Assert.Equal("shift", Assert.Throws<ArgumentException>(() => PointwiseNorm.Dyt.Forward(device, DytElementType.Float32, 0x1000, 0x2000, shape, 0x30, 0x34, 0, 0)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentException>(() => PointwiseNorm.Dyt.Forward(device, DytElementType.Float32, 0x1000, 0x2000, shape, 0, 0, 0, 0)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => PointwiseNorm.Dyt.Forward(device, DytElementType.Float32, 0x1000, 0x2000, shape, 0x30, 0, 0, 0x50)).ParamName);
        Assert.Contains("eps must be finite and > 0; got 0", Assert.Throws<ArgumentOutOfRangeException>(() =>
            RmsNormLaunches.Forward(device, DytElementType.Float32, 0x1000, 0x2000, shape, 0, 0f)).Message);
        Assert.Empty(device.Launches);
    }

    [Fact]
    public void RmsNorm_refuses_rows_wider_than_its_kernels_take_and_says_so_through_Supports()
    {
        Assert.True(CudaRmsNorm.Supports(8192));
        Assert.False(CudaRmsNorm.Supports(8193));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            RmsNormLaunches.Forward(device, DytElementType.BFloat16, 0x1000, 0x2000, DytShape.Rows(2, 16384), 0x40, 1e-6f));

        Assert.Contains("at most 8192 channels; got 16384", error.Message);
    }

    [Fact]
    public void Empty_forwards_launch_nothing_and_empty_backwards_still_write_zero_gradients()
    {
        PointwiseNorm.Dyt.Forward(device, DytElementType.Float32, 0, 0, DytShape.Rows(0, 384), 0x30, 0, 0, 0);
        RmsNormLaunches.Forward(device, DytElementType.Float32, 0, 0, DytShape.Rows(0, 384), 0, 1e-6f);
        Assert.Empty(device.Launches);

        var bytes = PointwiseNorm.Dyt.WorkspaceBytes(device, DytElementType.Float32, DytShape.Rows(0, 384));
        PointwiseNorm.Dyt.Backward(device, DytElementType.Float32, 0, 0, 0, DytShape.Rows(0, 384), 0x30, 0, 0x40, 0x50, 0x60, 0x70, 0, 0x9000, bytes);
        Assert.Equal(["dyt_backward_f32_v4", "norm_reduce_rows"], device.Launches.Select(l => l.Kernel));
    }

    [Fact]
    public void Arguments_occupy_one_little_endian_slot_each()
    {
        var arguments = new KernelArguments().Pointer(unchecked((nint)0x1122334455667788)).Int64(-2).Int32(-3).Float32(1.5f);

        Assert.Equal([0x1122334455667788UL, ulong.MaxValue - 1, 0xFFFFFFFDUL, 0x3FC00000UL], arguments.Slots());
        Assert.Equal([8, 8, 4, 4], arguments.Values.Select(a => a.Size));
        Assert.Equal("-3", arguments.Values[2].ToString());
        Assert.Equal("1.5", arguments.Values[3].ToString());
    }
}
