using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace DyT.Kernels.Cuda;

/// <summary>
/// Where the CUDA driver (libcuda) and NVRTC (libnvrtc) are looked for, in order: an explicit path from the
/// environment (<c>DYT_LIBCUDA</c>, <c>DYT_NVRTC</c>), the loader's search path by soname (newest NVRTC first), then
/// the lib64 folders of <c>CUDA_HOME</c>, <c>CUDA_PATH</c> and <c>/usr/local/cuda</c>.
/// </summary>
public static class NativeLibraryLocator
{
    /// <summary>NVRTC sonames tried, newest first.</summary>
    public static readonly string[] NvrtcNames = ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2"];

    /// <summary>Driver sonames tried.</summary>
    public static readonly string[] DriverNames = ["libcuda.so.1", "libcuda.so"];

    /// <summary>Candidates for the driver library.</summary>
    public static IReadOnlyList<string> DriverCandidates(Func<string, string?> environment) =>
        Candidates(environment("DYT_LIBCUDA"), DriverNames, environment, includeToolkit: false);

    /// <summary>Candidates for NVRTC.</summary>
    public static IReadOnlyList<string> NvrtcCandidates(Func<string, string?> environment) =>
        Candidates(environment("DYT_NVRTC"), NvrtcNames, environment, includeToolkit: true);

    /// <summary>Loads the first candidate that loads; the reason lists every try when none does.</summary>
    public static bool TryLoad(IReadOnlyList<string> candidates, out nint handle, out string reason)
    {
        var failures = new List<string>();
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out handle))
            {
                reason = candidate;
                return true;
            }
            failures.Add(candidate);
        }
        handle = 0;
        reason = "none of " + string.Join(", ", failures) + " could be loaded";
        return false;
    }

    private static List<string> Candidates(string? explicitPath, string[] names, Func<string, string?> environment, bool includeToolkit)
    {
        var result = new List<string>();
        if (!string.IsNullOrWhiteSpace(explicitPath)) result.Add(explicitPath);
        result.AddRange(names);
        if (!includeToolkit) return result;
        foreach (var root in new[] { environment("CUDA_HOME"), environment("CUDA_PATH"), "/usr/local/cuda" })
        {
            if (string.IsNullOrWhiteSpace(root)) continue;
            foreach (var name in names)
            {
                var path = Path.Combine(root, "lib64", name);
                if (!result.Contains(path)) result.Add(path);
            }
        }
        return result;
    }
}
