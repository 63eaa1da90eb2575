using System.Collections.Generic;
using System.IO;

namespace DyT.Kernels.Cuda;

/// <summary>
/// The DyT kernels loaded on one device: compiled by NVRTC at first use for the device's architecture (each image
/// cached per architecture for the process) and loaded into the device's primary context.
/// </summary>
internal sealed class CudaKernels
{
    private static readonly Dictionary<int, byte[]> Images = new();
    private readonly Dictionary<string, nint> functions = new();

    private CudaKernels(int multiprocessors, int architecture)
    {
        Multiprocessors = multiprocessors;
        Architecture = architecture;
    }

    public int Multiprocessors { get; }

    public int Architecture { get; }

    public static CudaKernels Load(CudaDriver driver, Nvrtc nvrtc, int device)
    {
        var (major, minor, sms) = driver.Properties(device);
        var target = NvrtcTarget.For(major, minor, nvrtc.SupportedArchitectures());
        byte[]? image;
        lock (Images)
        {
            if (!Images.TryGetValue(target.Architecture, out image))
                Images[target.Architecture] = image = nvrtc.Compile(Source(), "dyt_kernels.cu", target);
        }
        driver.UsePrimaryContext(device);
        var kernels = new CudaKernels(sms, target.Architecture);
        var module = driver.LoadModule(image);
        foreach (var type in new[] { "f32", "f16", "bf16" })
        foreach (var width in new[] { 1, type == "f32" ? 4 : 8 })
        foreach (var pass in new[] { "forward", "backward" })
        {
            var name = $"dyt_{pass}_{type}_v{width}";
            kernels.functions[name] = driver.Function(module, name);
        }
        kernels.functions["dyt_reduce_columns"] = driver.Function(module, "dyt_reduce_columns");
        kernels.functions["dyt_reduce_alpha"] = driver.Function(module, "dyt_reduce_alpha");
        return kernels;
    }

    public nint this[string name] => functions[name];

    public static string KernelName(string pass, DytElementType type, int width) =>
        $"dyt_{pass}_{type switch { DytElementType.Float32 => "f32", DytElementType.Float16 => "f16", _ => "bf16" }}_v{width}";

    /// <summary>The CUDA C source embedded in this assembly.</summary>
    public static string Source()
    {
        using var stream = typeof(CudaKernels).Assembly.GetManifestResourceStream("DyT.Kernels.Cuda.dyt_kernels.cu")
            ?? throw new InvalidDataException("The embedded resource DyT.Kernels.Cuda.dyt_kernels.cu is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
