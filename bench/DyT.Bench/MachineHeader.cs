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
