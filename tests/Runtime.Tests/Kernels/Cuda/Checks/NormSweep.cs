using System.Collections.Generic;
using System.Linq;
using DyT.Kernels;

namespace DyT.Runtime.Tests.Kernels.Cuda.Checks;

/// <summary>
/// The shapes every kernel check runs (CPU emulation, GPU tests, the device check's sweep), per norm: each element
/// type; the 16-byte kernels and the scalar v1 ones (ragged C, a pointer one element off alignment); C = 384 (blocks
/// of several row lanes); C = 4096 and 2056 (several column tiles, 256-thread row groups); C = 8192 (RMSNorm's
/// largest rows); no bias, no affine; zero rows; saturating inputs for DyT and Derf. Small enough for the emulation.
/// </summary>
internal static class NormSweep
{
    public static IReadOnlyList<NormCase> Cases(FusedNorm norm)
    {
        var cases = new List<NormCase>
        {
            new(norm, DytElementType.Float32, 64, 384),
            new(norm, DytElementType.BFloat16, 64, 384),
            new(norm, DytElementType.Float16, 64, 384),
            new(norm, DytElementType.Float16, 33, 384) { OffsetElements = 1 },
            new(norm, DytElementType.Float32, 77, 13),
            new(norm, DytElementType.BFloat16, 19, 13) { Seed = 2 },
            new(norm, DytElementType.Float32, 6, 4096),
            new(norm, DytElementType.BFloat16, 5, 2056),
            new(norm, DytElementType.Float32, 3, 1000) { Bias = false },
            new(norm, DytElementType.Float16, 4, 1000) { Weight = false },
            new(norm, DytElementType.Float32, 0, 384),
            // Many row blocks (given 20 multiprocessors or more): more than one reduction level.
            new(norm, DytElementType.Float32, norm == FusedNorm.RmsNorm ? 700 : 1400, 64) { Seed = 3 },
        };
        if (norm == FusedNorm.RmsNorm)
        {
            cases.Add(new(norm, DytElementType.Float32, 3, 8192));
            cases.Add(new(norm, DytElementType.BFloat16, 3, 8192));
            cases.Add(new(norm, DytElementType.Float32, 5, 2049));
            cases.Add(new(norm, DytElementType.Float16, 8, 512) { InputScale = 3e4 }); // squares past float16's range
        }
        else
        {
            cases.Add(new(norm, DytElementType.Float32, 32, 384) { Saturating = true });
            cases.Add(new(norm, DytElementType.BFloat16, 32, 384) { Saturating = true, Seed = 4 });
            cases.Add(new(norm, DytElementType.Float16, 16, 13) { Saturating = true, Alpha = 2f });
        }
        return cases;
    }

    public static IReadOnlyList<NormCase> All => new[] { FusedNorm.Dyt, FusedNorm.Derf, FusedNorm.RmsNorm }.SelectMany(Cases).ToList();
}
