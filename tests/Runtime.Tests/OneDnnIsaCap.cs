using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DyT.Runtime.Tests;

/// <summary>
/// Caps libtorch's oneDNN at SSE4.1 for this test process, before any tensor exists, so that float32 convolutions are
/// right on every host. libtorch 2.10 (TorchSharp-cpu 0.107) bundles oneDNN 3.7.1, whose JIT direct convolution on
/// NCHW float32 input reorders the channels into blocks of the vector width (8 with AVX2, 16 with AVX-512) and returns
/// values off by 5-25 when the input has more channels than one block and not a whole number of blocks: measured on
/// this repository's AVX-512 host for 20, 24, 28 and 40 channels, with AVX2 (ONEDNN_MAX_CPU_ISA=AVX2) for 12, 20 and
/// 28, at batch 2 for 2x2 stride-2, 3x3 and 7x7 kernels (7x7 at batch 1 too), on one thread or two. Channels-last
/// input, float64 and SSE4.1 give the right values. The ConvNeXt parity case (dims 8, 16, 24, 32, batch 2) runs a
/// 24-channel downsampling convolution, so it passed on AVX2 hosts and failed by 0.014 on AVX-512 ones.
/// oneDNN reads <c>ONEDNN_MAX_CPU_ISA</c> from the native environment once, at its first primitive; it is set here
/// with the C library's setenv, because .NET's Environment.SetEnvironmentVariable does not reach the native
/// environment on Linux. A value set outside the process is kept.
/// </summary>
internal static class OneDnnIsaCap
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Value = "SSE41";

    [ModuleInitializer]
    internal static void Apply()
    {
        if (OperatingSystem.IsWindows())
            Environment.SetEnvironmentVariable(Variable, Environment.GetEnvironmentVariable(Variable) ?? Value);
        else if (setenv(Variable, Value, overwrite: 0) != 0)
            throw new InvalidOperationException($"setenv({Variable}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>The variable as native code (oneDNN) sees it.</summary>
    public static string? NativeValue() =>
        OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(Variable) : Marshal.PtrToStringUTF8(getenv(Variable));

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc")]
    private static extern nint getenv(string name);
}
