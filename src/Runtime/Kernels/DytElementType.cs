namespace DyT.Kernels;

/// <summary>
/// Element types the fused kernels (DyT, Derf, RMSNorm) read and write. Arithmetic is always float32. The kernels
/// are internal; this enum stays public only because the kernel tests' xUnit theories take it as a parameter.
/// </summary>
public enum DytElementType
{
    /// <summary>IEEE float32.</summary>
    Float32 = 0,

    /// <summary>IEEE float16, widened to float32 for arithmetic.</summary>
    Float16 = 1,

    /// <summary>bfloat16 (the upper half of a float32), widened to float32 for arithmetic.</summary>
    BFloat16 = 2,
}

/// <summary>Sizes of <see cref="DytElementType"/> values.</summary>
public static class DytElementTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this DytElementType type) => type == DytElementType.Float32 ? 4 : 2;
}
