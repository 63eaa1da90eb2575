using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using DyT.Blocks;
using DyT.Kernels.Cpu.Simd;
using DyT.Kernels.Torch;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

public class KernelWidthTests
{
    [Theory]
    // x64: Vector512 where .NET accelerates it, else Vector256 with FMA, else none.
    [InlineData(true, true, true, false, 512)]
    [InlineData(true, false, true, false, 256)]
    [InlineData(true, false, false, false, 0)]
    // ARM64: Vector128 on AdvSimd; anything else: none.
    [InlineData(false, false, false, true, 128)]
    [InlineData(false, false, false, false, 0)]
    public void The_width_is_the_widest_the_hardware_accelerates_or_none(bool x64, bool vector512, bool vector256WithFma, bool arm64, int expected)
    {
        var width = KernelWidths.Choose(x64, vector512, vector256WithFma, arm64);
        Assert.Equal(expected == 0 ? null : (KernelWidth)expected, width);
    }

    [Fact]
    public void This_machines_width_follows_its_hardware()
    {
        var expected = X86Base.IsSupported
            ? Vector512.IsHardwareAccelerated ? KernelWidth.Vector512 : Fma.IsSupported ? KernelWidth.Vector256 : (KernelWidth?)null
            : System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported ? KernelWidth.Vector128 : null;
        Assert.Equal(expected, KernelWidths.Hardware);
    }

    [Fact]
    public void Forcing_a_width_lasts_until_disposed_and_nests()
    {
        var hardware = KernelWidths.Active;
        using (KernelWidths.Force(KernelWidth.Vector128))
        {
            Assert.Equal(KernelWidth.Vector128, KernelWidths.Active);
            using (KernelWidths.Force(null)) Assert.Null(KernelWidths.Active);
            Assert.Equal(KernelWidth.Vector128, KernelWidths.Active);
        }
        Assert.Equal(hardware, KernelWidths.Active);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KernelWidths.Force((KernelWidth)64));
        Assert.Contains("got 64", error.Message);
    }

    [Fact]
    public void Without_an_accelerated_width_no_fused_op_claims_the_input_and_every_norm_runs_its_unfused_chain()
    {
        using var x = randn(4, 6, 16);
        using var image = randn(2, 16, 3, 3);
        var (dyt, derf, rms, rms2d) = (new DynamicTanh(16), new Derf(16, 0.5, 0.1), new RmsNorm(16), new RmsNorm2d(16));
        using var _ = KernelWidths.Force(null);

        Assert.False(DytOp.Covers(x, channelsFirst: false));
        Assert.False(DerfOp.Covers(x, channelsFirst: false));
        Assert.False(RmsNormOp.Covers(x));
        Assert.True(dyt.forward(x).SameAs(dyt.Unfused(x)));
        Assert.True(derf.forward(x).SameAs(derf.Unfused(x)));
        Assert.True(rms.forward(x).SameAs(rms.Unfused(x)));
        using var expected2d = RmsNorm.Normalize(image, 1e-6, dimension: 1);
        Assert.True(rms2d.forward(image).SameAs(expected2d));
    }
}
