using System;
using System.Collections.Generic;
using System.Linq;

namespace DyT.Kernels.Cuda;

/// <summary>What NVRTC is asked to produce for a device: the options and whether the result is a cubin or PTX.</summary>
/// <param name="Options">Command-line options for nvrtcCompileProgram.</param>
/// <param name="Cubin">True: machine code for exactly this architecture (nvrtcGetCUBIN). False: PTX the driver JITs.</param>
/// <param name="Architecture">The architecture compiled for, e.g. 90 for sm_90.</param>
internal sealed record NvrtcTarget(IReadOnlyList<string> Options, bool Cubin, int Architecture)
{
    /// <summary>
    /// Chooses the target for a device of compute capability <paramref name="major"/>.<paramref name="minor"/>: a cubin
    /// for sm_XY when this NVRTC supports it; otherwise PTX for the newest supported compute_XY below it, which the
    /// driver compiles for the device (a newer GPU than NVRTC knows). Throws when NVRTC supports nothing at or below it.
    /// </summary>
    /// <param name="major">Compute capability major.</param>
    /// <param name="minor">Compute capability minor.</param>
    /// <param name="supported">Architectures from nvrtcGetSupportedArchs (e.g. 75, 80, 86, 89, 90, 100).</param>
    public static NvrtcTarget For(int major, int minor, IReadOnlyCollection<int> supported)
    {
        if (major <= 0 || minor < 0)
            throw new ArgumentOutOfRangeException(nameof(major), $"compute capability must be >= 1.0; got {major}.{minor}.");
        var device = major * 10 + minor;
        if (supported.Contains(device)) return new NvrtcTarget(Build($"sm_{device}"), true, device);
        var below = supported.Where(a => a <= device).DefaultIfEmpty(0).Max();
        if (below == 0)
            throw new CudaUnavailableException(
                $"NVRTC supports architectures {string.Join(", ", supported.OrderBy(a => a))}; the device is sm_{device}, older than all of them.");
        return new NvrtcTarget(Build($"compute_{below}"), false, below);
    }

    /// <summary>
    /// Why an image from NVRTC <paramref name="nvrtc"/> for this target cannot load under a driver of CUDA
    /// <paramref name="driverVersion"/> (cuDriverGetVersion: 1000 * major + 10 * minor), or null when it can. A
    /// newer major CUDA never loads; within one major, a cubin from a newer minor loads (CUDA's minor version
    /// compatibility) but PTX does not, since the driver cannot JIT a newer PTX ISA.
    /// </summary>
    public string? IncompatibilityWith((int Major, int Minor) nvrtc, int driverVersion)
    {
        var (driverMajor, driverMinor) = (driverVersion / 1000, driverVersion % 1000 / 10);
        var versions = $"NVRTC {nvrtc.Major}.{nvrtc.Minor} is newer than the CUDA driver (CUDA {driverMajor}.{driverMinor})";
        if (nvrtc.Major > driverMajor)
            return $"{versions}: its code needs a CUDA {nvrtc.Major} driver. Update the driver, or set DYT_NVRTC to an NVRTC of CUDA {driverMajor}.";
        if (nvrtc.Major == driverMajor && nvrtc.Minor > driverMinor && !Cubin)
            return $"{versions} and the device (newer than NVRTC knows) needs PTX, which this driver cannot compile. " +
                   $"Update the driver, or set DYT_NVRTC to an NVRTC of CUDA {driverMajor}.{driverMinor} or one that knows the device.";
        return null;
    }

    // No fast-math: tanhf must stay accurate to float32 (the CPU kernel and the tests hold it to 1e-6).
    private static string[] Build(string architecture) => [$"--gpu-architecture={architecture}", "--std=c++14"];
}
