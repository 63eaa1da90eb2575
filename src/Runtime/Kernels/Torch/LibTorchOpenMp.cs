using System;
using System.Runtime.InteropServices;
using DyT.Kernels.Cpu;
using TorchSharp;

namespace DyT.Kernels.Torch;

/// <summary>
/// Attaches libtorch's OpenMP runtime to the CPU kernel (<see cref="OpenMpTeam"/>), so that the fused op runs on the
/// same thread team as every other libtorch op. libtorch_cpu is linked against its own copy of libgomp on Linux
/// (libgomp-&lt;hash&gt;.so.1); <c>GOMP_parallel</c> is looked up through the libtorch_cpu that TorchSharp has loaded,
/// so it is exactly the team libtorch uses. Where it is not found (Windows' Intel OpenMP, or an unusual build), the
/// kernel keeps .NET threads. <c>DYT_CPU_THREADS=dotnet</c> forces .NET threads.
/// </summary>
internal static class LibTorchOpenMp
{
    private static readonly string[] LibraryNames = { "libtorch_cpu.so", "libtorch_cpu.dylib", "torch_cpu.dll" };
    private static bool tried;

    /// <summary>True when the kernel runs on libtorch's OpenMP team. Call only once TorchSharp is loaded.</summary>
    public static bool EnsureAttached()
    {
        if (tried) return OpenMpTeam.IsAttached;
        tried = true;
        if (Environment.GetEnvironmentVariable("DYT_CPU_THREADS") is "dotnet") return false;
        foreach (var name in LibraryNames)
        {
            // Loaded already (TorchSharp loads it before any tensor exists), so this finds that copy by its soname.
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            if (NativeLibrary.TryGetExport(library, "GOMP_parallel", out var gompParallel))
            {
                // libtorch's count: torch.set_num_threads changes it, as it does for libtorch's own ops.
                OpenMpTeam.Attach(gompParallel, torch.get_num_threads);
                return true;
            }
        }
        return false;
    }
}
