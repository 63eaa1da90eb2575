using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DyT.Kernels.Cuda;

/// <summary>
/// One .cu file embedded in the assembly, compiled by NVRTC into one module per device, and the kernels the host
/// code launches from it. The headers it includes are embedded too and handed to NVRTC by name.
/// </summary>
/// <param name="FileName">The .cu file, e.g. dyt_kernels.cu.</param>
/// <param name="Kernels">Every extern "C" kernel the host launches.</param>
internal sealed record CudaProgram(string FileName, IReadOnlyList<string> Kernels)
{
    /// <summary>The headers the programs include.</summary>
    public static readonly IReadOnlyList<string> HeaderFiles = ["norm_common.cuh", "pointwise_norm.cuh"];

    /// <summary>DyT (dyt_kernels.cu).</summary>
    public static readonly CudaProgram Dyt = new("dyt_kernels.cu", PointwiseKernels(PointwiseNorm.Dyt));

    /// <summary>Derf (derf_kernels.cu).</summary>
    public static readonly CudaProgram Derf = new("derf_kernels.cu", PointwiseKernels(PointwiseNorm.Derf));

    /// <summary>RMSNorm (rmsnorm_kernels.cu).</summary>
    public static readonly CudaProgram RmsNorm = new("rmsnorm_kernels.cu", RmsKernels());

    /// <summary>Every program.</summary>
    public static IReadOnlyList<CudaProgram> All => [Dyt, Derf, RmsNorm];

    /// <summary>The element types and the vector widths each has a kernel for (1, and 16 bytes' worth).</summary>
    public static IEnumerable<(DytElementType Type, int Width)> TypesAndWidths =>
        from type in new[] { DytElementType.Float32, DytElementType.Float16, DytElementType.BFloat16 }
        from width in new[] { 16 / type.Size(), 1 }
        select (type, width);

    /// <summary>The program's source.</summary>
    public string Source() => Read(FileName);

    /// <summary>The headers' sources by file name.</summary>
    public static IReadOnlyDictionary<string, string> Headers() => HeaderFiles.ToDictionary(file => file, Read);

    private static string[] PointwiseKernels(PointwiseNorm norm) =>
        TypesAndWidths.SelectMany(t => new[] { norm.KernelName("forward", t.Type, t.Width), norm.KernelName("backward", t.Type, t.Width) })
            .Append(PartialSums.Kernel).ToArray();

    private static string[] RmsKernels() =>
        (from t in TypesAndWidths
         from elements in LaunchGeometry.RowElementsPerThread
         from pass in new[] { "forward", "backward" }
         select RmsNormLaunches.KernelName(pass, t.Type, t.Width, elements))
        .Append(PartialSums.Kernel).ToArray();

    private static string Read(string file)
    {
        var name = "DyT.Kernels.Cuda." + file;
        using var stream = typeof(CudaProgram).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"The embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
