using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace DyT.Kernels.Cuda;

/// <summary>
/// Where the CUDA driver (libcuda) and NVRTC (libnvrtc) are looked for. NVRTC, in order: an explicit path
/// (<c>DYT_NVRTC</c>); LibTorch's own copy beside the libtorch this process has loaded (LibTorch and the
/// TorchSharp-cuda packages ship it under a hashed name, e.g. <c>libnvrtc-2bb82d1a.so.12</c>, built for the CUDA
/// that libtorch itself runs on); the loader's search path by soname, newest first; the lib64 folders of
/// <c>CUDA_HOME</c>, <c>CUDA_PATH</c> and <c>/usr/local/cuda</c>. The driver: <c>DYT_LIBCUDA</c>, then its sonames.
/// </summary>
internal static class NativeLibraryLocator
{
    /// <summary>NVRTC sonames tried, newest first.</summary>
    public static readonly string[] NvrtcNames = ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2"];

    /// <summary>Driver sonames tried.</summary>
    public static readonly string[] DriverNames = ["libcuda.so.1", "libcuda.so"];

    /// <summary>Candidates for the driver library.</summary>
    public static IReadOnlyList<string> DriverCandidates(Func<string, string?> environment)
    {
        var result = new List<string>();
        AddPath(result, environment("DYT_LIBCUDA"));
        result.AddRange(DriverNames);
        return result;
    }

    /// <summary>Candidates for NVRTC.</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="loadedLibraries">Paths of the shared libraries loaded in this process (<see cref="LoadedLibraries"/>).</param>
    /// <param name="listDirectory">File names in a folder (<see cref="ListDirectory"/>).</param>
    public static IReadOnlyList<string> NvrtcCandidates(Func<string, string?> environment, IEnumerable<string> loadedLibraries,
        Func<string, IEnumerable<string>> listDirectory)
    {
        var result = new List<string>();
        AddPath(result, environment("DYT_NVRTC"));
        foreach (var folder in LibTorchFolders(loadedLibraries))
            foreach (var file in listDirectory(folder).Where(IsHashedNvrtc).OrderByDescending(f => f, StringComparer.Ordinal))
                AddPath(result, Path.Combine(folder, file));
        result.AddRange(NvrtcNames);
        foreach (var root in new[] { environment("CUDA_HOME"), environment("CUDA_PATH"), "/usr/local/cuda" })
        {
            if (string.IsNullOrWhiteSpace(root)) continue;
            foreach (var name in NvrtcNames) AddPath(result, Path.Combine(root, "lib64", name));
        }
        return result;
    }

    /// <summary>LibTorch's NVRTC, e.g. libnvrtc-2bb82d1a.so.12 (not its builtins library).</summary>
    public static bool IsHashedNvrtc(string fileName) =>
        fileName.StartsWith("libnvrtc-", StringComparison.Ordinal) && fileName.Contains(".so", StringComparison.Ordinal) &&
        !fileName.StartsWith("libnvrtc-builtins", StringComparison.Ordinal);

    /// <summary>The folders of the loaded libtorch libraries (libtorch*.so, libLibTorchSharp.so), in load order.</summary>
    public static IEnumerable<string> LibTorchFolders(IEnumerable<string> loadedLibraries) =>
        loadedLibraries
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("libtorch", StringComparison.Ordinal) ||
                                                                  name.StartsWith("libLibTorchSharp", StringComparison.Ordinal)))
            .Select(path => Path.GetDirectoryName(path)!)
            .Where(folder => !string.IsNullOrEmpty(folder))
            .Distinct();

    /// <summary>Paths of the shared libraries mapped into this process (Linux: /proc/self/maps; elsewhere none).</summary>
    public static IEnumerable<string> LoadedLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!OperatingSystem.IsLinux() || !File.Exists(maps)) return [];
        try
        {
            return File.ReadLines(maps)
                .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : "")
                .Where(path => path.Contains(".so", StringComparison.Ordinal))
                .Distinct()
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>File names in <paramref name="folder"/>, none when it cannot be read.</summary>
    public static IEnumerable<string> ListDirectory(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>().ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

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

    private static void AddPath(List<string> result, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && !result.Contains(path)) result.Add(path);
    }
}
