using System.Collections.Generic;
using System.Linq;
using DyT.Kernels.Cuda;
using DyT.Runtime.Tests.Kernels.Cuda.Checks;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// The same sweep as the emulation, on a GPU: compiled by NVRTC, loaded and launched on device 0. Skipped without one.
public class CudaKernelTests
{
    public static IEnumerable<object[]> Sweep => NormSweep.All.Select(c => new object[] { c.Name });

    [CudaTheory]
    [MemberData(nameof(Sweep))]
    public void Every_output_of_the_sweep_matches_float64_within_its_limit_and_repeats_bit_for_bit(string name)
    {
        var c = SweepAssert.Case(name);
        using var memory = new DeviceMemory(CudaRuntime.Shared.Driver, 0);

        SweepAssert.Passes(c, CudaRuntime.Shared.Module(SweepAssert.Program(c.Norm), 0), memory);
    }
}
