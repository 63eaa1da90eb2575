using System.Linq;
using DyT.Kernels.Cuda;
using DyT.Runtime.Tests.Kernels.Cuda.Checks;

namespace DyT.Runtime.Tests.Kernels.Cuda;

/// <summary>The sweep's assertion, for every backend: each output within its limit, and a second run bit for bit.</summary>
internal static class SweepAssert
{
    public static NormCase Case(string name) => NormSweep.All.Single(s => s.Name == name);

    public static CudaProgram Program(FusedNorm norm) => norm switch
    {
        FusedNorm.Dyt => CudaProgram.Dyt,
        FusedNorm.Derf => CudaProgram.Derf,
        _ => CudaProgram.RmsNorm,
    };

    public static void Passes(NormCase c, IKernelDevice device, IKernelMemory memory)
    {
        var (errors, repeatable) = NormRun.Check(c, device, memory);

        Assert.True(errors.All(e => e.Passed), string.Join("\n", errors));
        Assert.True(repeatable, "a second run gave different bits");
    }
}
