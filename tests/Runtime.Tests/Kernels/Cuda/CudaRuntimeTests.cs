using System.Linq;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// Availability is a per-device load that worked: NVRTC compiled the program, the versions fit, the driver loaded it.
// Every failure is a reason, never an exception out of a forward, and it is remembered. Fakes stand for the driver.
public class CudaRuntimeTests
{
    private readonly FakeDriver driver = new();
    private readonly FakeNvrtc nvrtc = new();

    private CudaRuntime Runtime() => new(driver, nvrtc, "fake driver and NVRTC");

    [Fact]
    public void A_program_that_compiles_and_loads_is_available_and_the_callers_context_is_current_again()
    {
        var runtime = Runtime();

        Assert.True(runtime.TryLoad(CudaProgram.Dyt, 0, out var module, out var status));

        Assert.Equal("dyt_kernels.cu on device 0: cubin for sm_90 from NVRTC 12.4, driver CUDA 12.4", status);
        Assert.Equal(132, module!.Multiprocessors);
        Assert.Equal(0x100, driver.Current);
        Assert.Equal(["enter 0", "restore 0x100"], driver.Calls);
    }

    [Fact]
    public void An_nvrtc_of_a_newer_major_cuda_than_the_driver_is_refused_with_both_versions_before_compiling()
    {
        nvrtc.NvrtcVersion = (13, 0);

        Assert.False(Runtime().TryLoad(CudaProgram.RmsNorm, 0, out var module, out var status));

        Assert.Null(module);
        Assert.Contains("NVRTC 13.0 is newer than the CUDA driver (CUDA 12.4)", status);
        Assert.Empty(nvrtc.Compiles);
    }

    [Fact]
    public void A_newer_minor_nvrtc_may_give_a_cubin_but_not_ptx_which_the_older_driver_cannot_compile()
    {
        nvrtc.NvrtcVersion = (12, 8);
        driver.Devices.Add((10, 0)); // newer than this NVRTC knows: PTX for compute_90

        var runtime = Runtime();

        Assert.True(runtime.TryLoad(CudaProgram.Dyt, 0, out _, out _));
        Assert.False(runtime.TryLoad(CudaProgram.Dyt, 1, out _, out var status));
        Assert.Contains("device 1 (sm_100): NVRTC 12.8 is newer than the CUDA driver (CUDA 12.4) and the device", status);
        Assert.Contains("needs PTX", status);
    }

    [Fact]
    public void A_compile_error_makes_the_device_unavailable_with_the_log_once_and_for_all()
    {
        nvrtc.CompileError = "derf_kernels.cu(9): error: identifier \"erff\" is undefined";
        var runtime = Runtime();

        Assert.False(runtime.TryLoad(CudaProgram.Derf, 0, out _, out var status));
        nvrtc.CompileError = null;
        Assert.False(runtime.TryLoad(CudaProgram.Derf, 0, out _, out var again));

        Assert.StartsWith("derf_kernels.cu on device 0: nvrtcCompileProgram failed", status);
        Assert.Contains("identifier \"erff\" is undefined", status);
        Assert.Equal(status, again);
        Assert.Empty(nvrtc.Compiles);
        Assert.Throws<CudaUnavailableException>(() => runtime.Module(CudaProgram.Derf, 0));
    }

    [Fact]
    public void A_module_the_driver_refuses_makes_the_device_unavailable_and_restores_the_context()
    {
        driver.LoadFails = _ => 222;

        Assert.False(Runtime().TryLoad(CudaProgram.Dyt, 0, out _, out var status));

        Assert.Contains("cuModuleLoadData failed with CUDA_ERROR_UNSUPPORTED_PTX_VERSION (222)", status);
        Assert.Equal(0x100, driver.Current);
    }

    [Fact]
    public void A_device_the_driver_does_not_see_is_unavailable()
    {
        Assert.False(Runtime().TryLoad(CudaProgram.Dyt, 3, out _, out var status));
        Assert.Equal("dyt_kernels.cu on device 3: the driver sees 1 device(s).", status);
    }

    [Fact]
    public void Each_program_is_compiled_once_per_architecture_and_loaded_once_per_device()
    {
        driver.Devices.Add((9, 0));
        driver.Devices.Add((8, 0));
        var runtime = Runtime();

        foreach (var device in new[] { 0, 1, 2, 0, 1 })
            Assert.True(runtime.TryLoad(CudaProgram.RmsNorm, device, out _, out _));
        Assert.True(runtime.TryLoad(CudaProgram.Dyt, 0, out _, out _));

        Assert.Equal([("rmsnorm_kernels.cu", 90, true), ("rmsnorm_kernels.cu", 80, true), ("dyt_kernels.cu", 90, true)], nvrtc.Compiles);
        Assert.Equal(4, driver.ModulesLoaded);
    }

    [Fact]
    public void Without_a_driver_or_nvrtc_nothing_is_available_and_the_reason_is_the_probes()
    {
        var runtime = new CudaRuntime(null, null, "No CUDA driver: none of libcuda.so.1, libcuda.so could be loaded.");

        Assert.False(runtime.IsAvailable);
        Assert.False(runtime.TryLoad(CudaProgram.Dyt, 0, out _, out var status));
        Assert.Equal(runtime.Status, status);
        Assert.Throws<CudaUnavailableException>(() => runtime.Driver);
    }

    [Fact]
    public void A_launch_on_cuda_1_runs_in_its_context_and_leaves_the_callers_current_even_when_it_fails()
    {
        driver.Devices.Add((9, 0));
        var module = Runtime().Module(CudaProgram.Dyt, 1);
        driver.Calls.Clear();

        module.Launch("dyt_forward_f32_v4", new Launch(1, 1, 256, 1, 0), new KernelArguments().Pointer(16));
        driver.LaunchFails = _ => 1;
        Assert.Throws<CudaException>(() => module.Launch("dyt_forward_f32_v4", new Launch(1, 1, 256, 1, 0), new KernelArguments()));

        Assert.Equal(0x100, driver.Current);
        Assert.Equal(["enter 1", $"launch 0x{0x9000 + "dyt_forward_f32_v4".Length:x} in 0x1001", "restore 0x100"], driver.Calls.Take(3));
        Assert.Equal("restore 0x100", driver.Calls[^1]);
    }

    [Fact]
    public void A_kernel_the_module_does_not_have_is_named_with_the_ones_it_has()
    {
        var module = Runtime().Module(CudaProgram.Dyt, 0);

        var error = Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() =>
            module.Launch("rmsnorm_forward_f32_v4_e8", new Launch(1, 1, 32, 1, 0), new KernelArguments()));

        Assert.Contains("no kernel rmsnorm_forward_f32_v4_e8", error.Message);
        Assert.Contains("dyt_backward_bf16_v8", error.Message);
    }

    [Fact]
    public void The_programs_list_every_kernel_the_launch_code_can_ask_for()
    {
        Assert.Equal(13, CudaProgram.Dyt.Kernels.Count);
        Assert.Equal(13, CudaProgram.Derf.Kernels.Count);
        Assert.Equal(25, CudaProgram.RmsNorm.Kernels.Count);
        Assert.All(CudaProgram.All, p => Assert.Contains(PartialSums.Kernel, p.Kernels));
        Assert.Equal(CudaProgram.RmsNorm.Kernels.Count, CudaProgram.RmsNorm.Kernels.Distinct().Count());
    }
}
