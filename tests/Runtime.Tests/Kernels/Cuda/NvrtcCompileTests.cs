using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DyT.Kernels;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// NVRTC needs no GPU: where the library is present (LibTorch's, a toolkit, DYT_NVRTC), every program is compiled for
// real, and the PTX's parameter lists are held against what the launch code passes.
public class NvrtcCompileTests
{
    public static IEnumerable<object[]> Programs => CudaProgram.All.Select(p => new object[] { p.FileName });

    [NvrtcFact]
    public void Every_program_compiles_to_a_cubin_for_sm_80_and_sm_90_with_every_kernel_the_host_launches()
    {
        var nvrtc = NvrtcFactAttribute.Nvrtc;
        foreach (var program in CudaProgram.All)
        foreach (var (major, minor) in new[] { (8, 0), (9, 0) })
        {
            var target = NvrtcTarget.For(major, minor, nvrtc.SupportedArchitectures());

            var image = nvrtc.Compile(program.Source(), program.FileName, CudaProgram.Headers(), target);

            Assert.True(target.Cubin, $"sm_{major}{minor} cubin");
            var text = Encoding.ASCII.GetString(image);
            Assert.All(program.Kernels, kernel => Assert.Contains(kernel + "\0", text));
        }
    }

    [NvrtcFact]
    public void Every_launch_passes_exactly_the_parameters_its_kernel_declares_in_the_ptx()
    {
        var nvrtc = NvrtcFactAttribute.Nvrtc;
        var target = NvrtcTarget.For(99, 9, nvrtc.SupportedArchitectures()); // newer than any NVRTC knows: PTX
        var device = new RecordingDevice(multiprocessors: 132);
        foreach (var (type, _) in CudaProgram.TypesAndWidths.DistinctBy(t => t.Type))
        foreach (var (x, channels) in new[] { (0x1000L, 4096), (0x1002L, 4096), (0x1000L, 8192), (0x1002L, 8192) })
        {
            var shape = DytShape.Rows(20_000, channels);
            PointwiseNorm.Dyt.Forward(device, type, (nint)x, 0x2000, shape, 0x30, 0, 0x40, 0x50);
            PointwiseNorm.Dyt.Backward(device, type, (nint)x, 0x2000, 0x3000, shape, 0x30, 0, 0x40, 0x50, 0x60, 0x70, 0, 0x100000, long.MaxValue);
            PointwiseNorm.Derf.Forward(device, type, (nint)x, 0x2000, shape, 0x30, 0x34, 0x40, 0x50);
            PointwiseNorm.Derf.Backward(device, type, (nint)x, 0x2000, 0x3000, shape, 0x30, 0x34, 0x40, 0x50, 0x60, 0x70, 0x74, 0x100000, long.MaxValue);
            RmsNormLaunches.Forward(device, type, (nint)x, 0x2000, DytShape.Rows(100, channels / 4), 0x40, 1e-6f);
            RmsNormLaunches.Forward(device, type, (nint)x, 0x2000, shape, 0x40, 1e-6f);
            RmsNormLaunches.Backward(device, type, (nint)x, 0x2000, 0x3000, shape, 0x40, 1e-6f, 0x50, 0x100000, long.MaxValue);
        }
        var entries = CudaProgram.All
            .SelectMany(p => Entries(Encoding.ASCII.GetString(nvrtc.Compile(p.Source(), p.FileName, CudaProgram.Headers(), target))))
            .GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First().Parameters);

        Assert.Equal(CudaProgram.All.SelectMany(p => p.Kernels).ToHashSet(), entries.Keys.ToHashSet());
        var launched = device.Launches.Select(l => l.Kernel).ToHashSet();
        Assert.Contains("rmsnorm_backward_bf16_v1_e16", launched);
        Assert.Contains("derf_backward_f16_v8", launched);
        foreach (var (kernel, _, arguments) in device.Launches)
        {
            var declared = entries[kernel];
            Assert.True(declared.Count == arguments.Count, $"{kernel}: declares {declared.Count} parameters, launched with {arguments.Count}");
            for (var i = 0; i < declared.Count; i++)
                Assert.True(Fits(declared[i], arguments[i]), $"{kernel} parameter {i}: declared .{declared[i]}, passed {arguments[i].Kind}");
        }
    }

    [NvrtcFact]
    public void A_compile_error_carries_the_log_with_the_line()
    {
        var nvrtc = NvrtcFactAttribute.Nvrtc;
        var target = NvrtcTarget.For(8, 0, nvrtc.SupportedArchitectures());

        var error = Assert.Throws<NvrtcException>(() =>
            nvrtc.Compile("extern \"C\" __global__ void k() { undefined_name(); }", "broken.cu", new Dictionary<string, string>(), target));

        Assert.Contains("broken.cu(1)", error.Log);
        Assert.Contains("undefined_name", error.Log);
    }

    [NvrtcFact]
    public void Headers_are_found_by_name()
    {
        var nvrtc = NvrtcFactAttribute.Nvrtc;
        var target = NvrtcTarget.For(8, 0, nvrtc.SupportedArchitectures());
        var headers = new Dictionary<string, string> { ["scale.cuh"] = "#define SCALE 3.0f\n" };

        var ptx = Encoding.ASCII.GetString(nvrtc.Compile("#include \"scale.cuh\"\nextern \"C\" __global__ void k(float* p) { *p *= SCALE; }",
            "k.cu", headers, NvrtcTarget.For(99, 9, nvrtc.SupportedArchitectures())));

        Assert.Contains(".entry k(", ptx);
        Assert.Contains("0f40400000", ptx); // 3.0f
        Assert.True(target.Cubin);
    }

    private static bool Fits(string declared, KernelArgument argument) => argument.Kind switch
    {
        ArgumentKind.Float32 => declared == "f32",
        ArgumentKind.Int32 => declared is "u32" or "s32" or "b32",
        _ => declared is "u64" or "s64" or "b64",
    };

    // ".visible .entry name(\n\t.param .u64 name_param_0,\n ...)" -> (name, [u64, ...])
    private static IEnumerable<(string Name, List<string> Parameters)> Entries(string ptx) =>
        Regex.Matches(ptx, @"\.entry\s+(\w+)\s*\(([^)]*)\)")
            .Select(m => (m.Groups[1].Value, Regex.Matches(m.Groups[2].Value, @"\.param\s+\.(\w+)").Select(p => p.Groups[1].Value).ToList()));
}
