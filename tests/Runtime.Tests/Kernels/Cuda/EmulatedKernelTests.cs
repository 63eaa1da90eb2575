using System.Collections.Generic;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cuda;
using DyT.Runtime.Tests.Kernels.Cuda.Checks;
using DyT.Runtime.Tests.Kernels.Cuda.Emulation;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// The kernels' source run on the CPU (Emulation/): blocks, barriers and warp shuffles as on a GPU, host memory as
// device memory, driven by the norms' real launch code. Every output against float64, twice for the same bits,
// with guard bands around every buffer.
public class EmulatedKernelTests
{
    public static IEnumerable<object[]> Sweep => NormSweep.All.Select(c => new object[] { c.Name });

    [EmulationTheory]
    [MemberData(nameof(Sweep))]
    public void Every_output_of_the_sweep_matches_float64_within_its_limit_and_repeats_bit_for_bit(string name)
    {
        var c = SweepAssert.Case(name);
        // 20 multiprocessors: the 700-row cases get 80 row blocks, more than one reduction level adds up.
        var device = new EmulatedDevice(SweepAssert.Program(c.Norm), multiprocessors: c.Rows >= 700 ? 20 : 3);
        using var memory = new HostMemory();

        SweepAssert.Passes(c, device, memory);
        Assert.Null(memory.GuardsIntact());
    }

    [EmulationFact]
    public void A_pointer_off_16_byte_alignment_takes_the_scalar_kernels_and_an_aligned_one_the_vector_kernels()
    {
        var device = new EmulatedDevice(CudaProgram.Dyt);
        using var memory = new HostMemory();

        NormRun.Check(new NormCase(FusedNorm.Dyt, DytElementType.Float32, 8, 384) { OffsetElements = 1 }, device, memory);
        NormRun.Check(new NormCase(FusedNorm.Dyt, DytElementType.BFloat16, 8, 384), device, memory);

        var kernels = device.Launches.Select(l => l.Kernel).Where(k => k != PartialSums.Kernel).Distinct();
        Assert.Equal(["dyt_forward_f32_v1", "dyt_backward_f32_v1", "dyt_forward_bf16_v8", "dyt_backward_bf16_v8"], kernels);
    }

    [EmulationFact]
    public void The_emulation_reports_a_misaligned_16_byte_access_as_the_gpu_would_fault()
    {
        var device = new EmulatedDevice(CudaProgram.Dyt);
        using var memory = new HostMemory();
        var x = memory.Allocate(4096) + 4;
        var arguments = new KernelArguments().Pointer(x).Pointer(x).Pointer(memory.Allocate(4)).Pointer(0).Pointer(0).Pointer(0).Int64(1).Int32(384);

        var error = Assert.Throws<System.InvalidOperationException>(() =>
            device.Launch("dyt_forward_f32_v4", LaunchGeometry.PointwiseForward(1, 384, 4), arguments));

        Assert.Contains("misaligned 16-byte load", error.Message);
    }

    [EmulationFact]
    public void Many_row_blocks_are_added_up_in_two_levels_and_the_scalars_in_the_first()
    {
        var device = new EmulatedDevice(CudaProgram.Derf, multiprocessors: 40);
        using var memory = new HostMemory();

        NormRun.Execute(new NormCase(FusedNorm.Derf, DytElementType.Float32, 700, 384), new NormCase(FusedNorm.Derf, DytElementType.Float32, 700, 384).Inputs(), device, memory);

        var backward = device.Launches.Single(l => l.Kernel == "derf_backward_f32_v4").Launch;
        var reductions = device.Launches.Where(l => l.Kernel == PartialSums.Kernel).Select(l => l.Launch).ToList();
        Assert.Equal(140, backward.GridY); // 40 multiprocessors x 4 blocks wanted: 160, so 5 rows each, 140 blocks
        Assert.Equal(2, reductions.Count);
        Assert.Equal(24 * 3 + 2, reductions[0].GridX); // 768 columns in blocks of 32, 3 segments of 64 rows, dalpha and dshift
        Assert.Equal(24, reductions[1].GridX);
    }

    [EmulationFact]
    public void The_issue_probe_saturating_every_input_gives_exact_zeros_for_dx_and_dalpha()
    {
        // alpha 0.5 on a 512 x 384 input at |x| around 1e4 and 100: float64 gives dx 0 and dalpha 0 to within 1e-40.
        foreach (var magnitude in new[] { 1e4, 100.0 })
        {
            var c = new NormCase(FusedNorm.Dyt, DytElementType.Float32, 512, 384) { InputScale = magnitude };
            var inputs = c.Inputs();
            for (var i = 0; i < inputs.X.Length; i++) inputs.X[i] = (float)(inputs.X[i] >= 0 ? magnitude : -magnitude) * (1 + inputs.X[i] / (float)magnitude / 10);
            var device = new EmulatedDevice(CudaProgram.Dyt);
            using var memory = new HostMemory();

            var outputs = NormRun.Execute(c, inputs, device, memory);

            Assert.All(outputs.Dx, dx => Assert.Equal(0f, dx));
            Assert.Equal(0f, outputs.DAlpha);
            Assert.All(NormReference.Compare(c, inputs, outputs), e => Assert.True(e.Passed, e.ToString()));
        }
    }
}
