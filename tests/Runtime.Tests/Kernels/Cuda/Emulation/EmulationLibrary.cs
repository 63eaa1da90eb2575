using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda.Emulation;

/// <summary>
/// Builds a kernel program as C++ for the CPU emulation (cuda_emulation.h, emulation.cpp) with g++ -O2, once per
/// content of its sources (cached under the temp folder), and loads it. Unavailable, with the reason, where there is
/// no g++ or the repository's sources are not found; a build error is a failure, not a skip.
/// </summary>
internal static class EmulationLibrary
{
    private static readonly ConcurrentDictionary<string, Lazy<nint>> Loaded = new();

    /// <summary>Why the emulation cannot run here, or null when it can.</summary>
    public static string? Unavailable { get; } = FindUnavailable();

    /// <summary>The loaded library of <paramref name="program"/>.</summary>
    public static nint For(CudaProgram program) => Loaded.GetOrAdd(program.FileName, file => new Lazy<nint>(() => Build(file))).Value;

    private static string? KernelFolder => RepositoryRoot is { } root ? Path.Combine(root, "src", "Runtime", "Kernels", "Cuda") : null;

    private static string? EmulationFolder => RepositoryRoot is { } root ? Path.Combine(root, "tests", "Runtime.Tests", "Kernels", "Cuda", "Emulation") : null;

    private static string? RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "DyT.Generated.sln"))) return folder.FullName;
            return null;
        }
    }

    private static string? FindUnavailable()
    {
        if (!OperatingSystem.IsLinux()) return "The CUDA emulation builds with g++ on Linux only.";
        if (KernelFolder is null) return $"The repository's kernel sources were not found above {AppContext.BaseDirectory}.";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':').Any(dir => File.Exists(Path.Combine(dir, "g++"))) ? null : "No g++ on PATH to build the CUDA emulation.";
    }

    private static nint Build(string programFile)
    {
        if (Unavailable is not null) throw new InvalidOperationException(Unavailable);
        var sources = new[] { Path.Combine(EmulationFolder!, "cuda_emulation.h"), Path.Combine(EmulationFolder!, "emulation.cpp"), Path.Combine(KernelFolder!, programFile) }
            .Concat(CudaProgram.HeaderFiles.Select(header => Path.Combine(KernelFolder!, header))).ToArray();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\0", sources.Select(File.ReadAllText)))))[..16];
        var folder = Path.Combine(Path.GetTempPath(), "dyt-cuda-emulation", hash);
        var library = Path.Combine(folder, Path.GetFileNameWithoutExtension(programFile) + ".so");
        if (!File.Exists(library))
        {
            Directory.CreateDirectory(folder);
            var partial = library + "." + Environment.ProcessId + ".tmp";
            // -O2 implies -fstrict-aliasing: type-punning bugs in the kernels show up as wrong results here.
            var arguments = $"-std=c++17 -O2 -Wall -Wextra -Wno-unknown-pragmas -Werror -fPIC -shared -include \"{sources[0]}\" -I \"{KernelFolder}\" " +
                            $"-x c++ \"{sources[2]}\" -x none \"{sources[1]}\" -o \"{partial}\"";
            var start = new ProcessStartInfo("g++", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"g++ {arguments} failed ({process.ExitCode}):\n{errors.Result}");
            File.Move(partial, library, overwrite: true);
        }
        return NativeLibrary.Load(library);
    }
}
