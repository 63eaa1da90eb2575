using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace DyT.Kernels.Cpu.Simd;

/// <summary>The vector width a CPU kernel runs at.</summary>
internal enum KernelWidth
{
    /// <summary><see cref="Lanes128"/>: AdvSimd (NEON) on ARM64.</summary>
    Vector128 = 128,

    /// <summary><see cref="Lanes256"/>: AVX2 with FMA.</summary>
    Vector256 = 256,

    /// <summary><see cref="Lanes512"/>: AVX-512.</summary>
    Vector512 = 512,
}

/// <summary>
/// Chooses the width the CPU kernels run at on this machine, or none, in which case the fused ops do not claim the
/// input and the norms run their unfused TorchSharp chain (libtorch's own vectorized ops):
/// <list type="bullet">
/// <item>x64 with hardware Vector512 (AVX-512F; .NET leaves it off where it would throttle the clock): Vector512.</item>
/// <item>x64 with AVX2 and FMA: Vector256. Without FMA, .NET would emulate every fused multiply-add in software.</item>
/// <item>ARM64: Vector128 on AdvSimd, whose FMLA fuses the multiply-adds. Not measured here (no ARM64 machine was
/// available): chosen because the kernel's arithmetic per element is the same at every width, so at a quarter of
/// AVX-512's lanes it still reads and writes memory once where the unfused chain makes four to six passes with
/// intermediate tensors, the cost that made the unfused chain 5-10x slower on x64.</item>
/// <item>Anything else: none.</item>
/// </list>
/// Tests run every width on any machine through <see cref="Force"/> (a width the hardware lacks runs in .NET's
/// software fallback: slow, but the same arithmetic).
/// </summary>
internal static class KernelWidths
{
    private static readonly AsyncLocal<Forcing?> Forced = new();

    /// <summary>Every width, narrowest first.</summary>
    public static readonly KernelWidth[] All = { KernelWidth.Vector128, KernelWidth.Vector256, KernelWidth.Vector512 };

    /// <summary>The width this machine's hardware runs, or null where none is accelerated.</summary>
    public static KernelWidth? Hardware { get; } = Choose(
        x64: X86Base.IsSupported,
        vector512: Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        vector256WithFma: Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported,
        arm64AdvSimd: AdvSimd.Arm64.IsSupported);

    /// <summary>
    /// The width the kernels run at on this thread (and the async flow it starts): forced, else hardware. Null: no
    /// accelerated width, so the fused ops leave the input to the unfused chain.
    /// </summary>
    public static KernelWidth? Active => Forced.Value is { } forcing ? forcing.Width : Hardware;

    /// <summary>The decision table, apart from the hardware queries, so that it can be tested on any machine.</summary>
    public static KernelWidth? Choose(bool x64, bool vector512, bool vector256WithFma, bool arm64AdvSimd)
    {
        if (x64) return vector512 ? KernelWidth.Vector512 : vector256WithFma ? KernelWidth.Vector256 : null;
        return arm64AdvSimd ? KernelWidth.Vector128 : null;
    }

    /// <summary>
    /// Makes <see cref="Active"/> <paramref name="width"/> on this flow until the result is disposed (tests, benchmarks);
    /// null acts as a machine with no accelerated width.
    /// </summary>
    public static IDisposable Force(KernelWidth? width)
    {
        if (width is { } w && !Enum.IsDefined(w))
            throw new ArgumentOutOfRangeException(nameof(width), width, $"width must be one of {string.Join(", ", All)} or null; got {width}.");
        var previous = Forced.Value;
        Forced.Value = new Forcing(width);
        return new Restore(previous);
    }

    private sealed record Forcing(KernelWidth? Width);

    private sealed class Restore(Forcing? previous) : IDisposable
    {
        public void Dispose() => Forced.Value = previous;
    }
}
