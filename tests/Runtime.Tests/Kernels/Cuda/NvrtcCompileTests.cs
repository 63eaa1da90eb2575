using System.Text;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// NVRTC needs no GPU: where the library is present (DYT_NVRTC, a toolkit), the embedded source is compiled for real.
public class NvrtcCompileTests
{
    [NvrtcFact]
    public void The_embedded_kernels_compile_to_a_cubin_for_sm_80_with_every_entry_point()
    {
        var nvrtc = NvrtcFactAttribute.Nvrtc;
        var target = NvrtcTarget.For(8, 0, nvrtc.SupportedArchitectures());

        var image = nvrtc.Compile(CudaKernels.Source(), "dyt_kernels.cu", target);

        Assert.True(target.Cubin);
        Assert.True(image.Length > 1000, $"cubin of {image.Length} bytes");
        var text = Encoding.ASCII.GetString(image);
        foreach (var name in new[] { "dyt_forward_f32_v4", "dyt_backward_bf16_v8", "dyt_forward_f16_v1", "dyt_reduce_columns", "dyt_reduce_alpha" })
            Assert.Contains(name, text);
    }

    [NvrtcFact]
    public void Ptx_for_a_newer_device_than_nvrtc_knows_contains_the_kernels()
    {
        var nvrtc = NvrtcFactAttribute.Nvrtc;
        var target = NvrtcTarget.For(99, 9, nvrtc.SupportedArchitectures());

        var ptx = Encoding.ASCII.GetString(nvrtc.Compile(CudaKernels.Source(), "dyt_kernels.cu", target));

        Assert.False(target.Cubin);
        Assert.Contains(".entry dyt_backward_f32_v4", ptx);
    }

    [NvrtcFact]
    public void A_compile_error_carries_the_log_with_the_line()
    {
        var nvrtc = NvrtcFactAttribute.Nvrtc;
        var target = NvrtcTarget.For(8, 0, nvrtc.SupportedArchitectures());

        var error = Assert.Throws<NvrtcException>(() =>
            nvrtc.Compile("extern \"C\" __global__ void k() { undefined_name(); }", "broken.cu", target));

        Assert.Contains("broken.cu(1)", error.Log);
        Assert.Contains("undefined_name", error.Log);
    }
}
