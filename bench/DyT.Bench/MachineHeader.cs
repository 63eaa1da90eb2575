using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using DyT.Kernels.Cpu.Simd;
using TorchSharp;

namespace DyT.Bench;

/// <summary>
/// The lines every harness prints first, so that a table pasted alone still says where it came from: the CPU, its
/// vector ISA and the width the fused kernels run at, core and thread counts, the software, and the load average at
/// the start (a busy machine makes every figure a ratio within one run, nothing more).
/// </summary>
internal static class MachineHeader
{
    public static void Print(string harness)
    {
        Console.WriteLine($"# {harness}");
        Console.WriteLine($"- machine: {CpuName()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"- ISA: {Isa()}; fused CPU kernels at {Width()}");
        Console.WriteLine($"- software: {RuntimeInformation.FrameworkDescription}, TorchSharp {Version(typeof(torch))}, libtorch threads {torch.get_num_threads()}");
        Console.WriteLine($"- native allocator: {Allocator()}");
        Console.WriteLine($"- load average at start: {LoadAverage()}");
        Console.WriteLine();
    }

    /// <summary>AVX-512, AVX2 (with or without FMA), ARM64 AdvSimd, or other.</summary>
    public static string Isa() =>
        Avx512F.IsSupported ? $"AVX-512 (Vector512 {(Vector512.IsHardwareAccelerated ? "hardware-accelerated" : "not accelerated by .NET")})"
        : Avx2.IsSupported ? (Fma.IsSupported ? "AVX2 + FMA" : "AVX2 without FMA")
        : AdvSimd.Arm64.IsSupported ? "ARM64 AdvSimd"
        : $"other ({RuntimeInformation.ProcessArchitecture})";

    public static string Width() => KernelWidths.Active is { } width
        ? $"{width}{(KernelWidths.Active != KernelWidths.Hardware ? " (forced)" : "")}"
        : "none (no accelerated width: the norms run their unfused chains)";

    /// <summary>
    /// The malloc that libtorch's CPU tensors come from: a preloaded tcmalloc or jemalloc, else glibc's, with any MALLOC_*
    /// settings. It changes whole-step times by 2x on a VM (docs/performance.md, "The native allocator").
    /// </summary>
    public static string Allocator()
    {
        var preloaded = File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
                .Select(Path.GetFileName).FirstOrDefault(name => name!.StartsWith("libtcmalloc") || name!.StartsWith("libjemalloc"))
            : null;
        if (preloaded is not null) return preloaded;
        var settings = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MALLOC_")).Order()
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").ToList();
        return OperatingSystem.IsLinux()
            ? $"glibc malloc ({(settings.Count == 0 ? "default settings" : string.Join(", ", settings))})"
            : "the platform's malloc";
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuName()
    {
        if (!File.Exists("/proc/cpuinfo")) return RuntimeInformation.ProcessArchitecture.ToString();
        var fields = File.ReadLines("/proc/cpuinfo").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        var name = fields.GetValueOrDefault("model name", RuntimeInformation.ProcessArchitecture.ToString());
        return fields.TryGetValue("cpu family", out var family) ? $"{name} (family {family}, model {fields.GetValueOrDefault("model")})" : name;
    }

    private static string Version(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? type.Assembly.GetName().Version?.ToString() ?? "?";
}
