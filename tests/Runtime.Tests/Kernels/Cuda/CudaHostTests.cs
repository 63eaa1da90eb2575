using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

// Host logic of the CUDA layer that needs no GPU: NVRTC targets, error mapping, library discovery, availability.
public class CudaHostTests
{
    private static readonly int[] Nvrtc12Archs = [50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90];

    [Fact]
    public void A_device_nvrtc_knows_gets_a_cubin_for_exactly_its_architecture()
    {
        var target = NvrtcTarget.For(9, 0, Nvrtc12Archs);

        Assert.True(target.Cubin);
        Assert.Equal(90, target.Architecture);
        Assert.Contains("--gpu-architecture=sm_90", target.Options);
        Assert.DoesNotContain(target.Options, option => option.Contains("fast-math"));
    }

    [Fact]
    public void A_device_newer_than_nvrtc_gets_ptx_of_the_newest_architecture_below_it_for_the_driver_to_jit()
    {
        var target = NvrtcTarget.For(10, 0, Nvrtc12Archs);

        Assert.False(target.Cubin);
        Assert.Equal(90, target.Architecture);
        Assert.Contains("--gpu-architecture=compute_90", target.Options);
    }

    [Fact]
    public void A_device_older_than_every_supported_architecture_is_unavailable_with_both_named()
    {
        var error = Assert.Throws<CudaUnavailableException>(() => NvrtcTarget.For(3, 5, Nvrtc12Archs));
        Assert.Contains("sm_35", error.Message);
        Assert.Contains("50, 52", error.Message);
    }

    [Fact]
    public void A_failing_driver_call_becomes_a_CudaException_naming_the_call_the_code_and_its_description()
    {
        var error = Assert.Throws<CudaException>(() =>
            CudaErrors.Check(700, "cuLaunchKernel", code => ("CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered")));

        Assert.Equal(700, error.Code);
        Assert.Equal("CUDA_ERROR_ILLEGAL_ADDRESS", error.Name);
        Assert.Equal("cuLaunchKernel failed with CUDA_ERROR_ILLEGAL_ADDRESS (700): an illegal memory access was encountered", error.Message);
        CudaErrors.Check(0, "cuInit", _ => throw new InvalidOperationException("success must not be described"));
    }

    [Fact]
    public void A_failed_compile_becomes_an_NvrtcException_carrying_the_program_log()
    {
        const string log = "dyt_kernels.cu(12): error: identifier \"foo\" is undefined\n\0";
        var error = Assert.Throws<NvrtcException>(() =>
            CudaErrors.CheckNvrtc(6, "nvrtcCompileProgram", _ => "NVRTC_ERROR_COMPILATION", () => log));

        Assert.Equal(6, error.Code);
        Assert.Equal("dyt_kernels.cu(12): error: identifier \"foo\" is undefined", error.Log);
        Assert.Contains("nvrtcCompileProgram failed with NVRTC_ERROR_COMPILATION (6); NVRTC log:\ndyt_kernels.cu(12)", error.Message);
    }

    [Fact]
    public void Nvrtc_is_looked_for_at_the_explicit_path_then_beside_the_loaded_libtorch_then_by_soname_then_in_the_toolkits()
    {
        var environment = new Dictionary<string, string?> { ["DYT_NVRTC"] = "/opt/nvrtc/libnvrtc.so.13", ["CUDA_HOME"] = "/opt/cuda" };
        var loaded = new[] { "/usr/lib/x86_64-linux-gnu/libc.so.6", "/app/runtimes/linux-x64/native/libtorch_cuda.so", "/app/runtimes/linux-x64/native/libtorch_cpu.so" };
        var files = new[] { "libtorch_cuda.so", "libnvrtc-builtins.so", "libnvrtc-2bb82d1a.so.12", "libcudart-218eec4c.so.12" };

        var candidates = NativeLibraryLocator.NvrtcCandidates(name => environment.GetValueOrDefault(name), loaded,
            folder => folder == "/app/runtimes/linux-x64/native" ? files : throw new InvalidOperationException("listed " + folder));

        Assert.Equal("/opt/nvrtc/libnvrtc.so.13", candidates[0]);
        Assert.Equal("/app/runtimes/linux-x64/native/libnvrtc-2bb82d1a.so.12", candidates[1]);
        Assert.Equal(NativeLibraryLocator.NvrtcNames, candidates.Skip(2).Take(NativeLibraryLocator.NvrtcNames.Length));
        Assert.Contains("/opt/cuda/lib64/libnvrtc.so.12", candidates);
        Assert.Equal("/usr/local/cuda/lib64/libnvrtc.so.11.2", candidates[^1]);
        Assert.DoesNotContain(candidates, c => c.Contains("builtins"));
        Assert.Equal(NativeLibraryLocator.DriverNames, NativeLibraryLocator.DriverCandidates(_ => null));
    }

    [Theory]
    [InlineData("libnvrtc-2bb82d1a.so.12", true)]
    [InlineData("libnvrtc-672ee683.so.11.2", true)]
    [InlineData("libnvrtc-builtins.so", false)]
    [InlineData("libnvrtc-builtins-6c5639ce.so.12.1", false)]
    [InlineData("libnvrtc.so.12", false)] // the soname: tried by name anyway
    [InlineData("libnvrtc-2bb82d1a.txt", false)]
    public void LibTorchs_hashed_nvrtc_is_recognised_and_its_builtins_are_not(string file, bool expected) =>
        Assert.Equal(expected, NativeLibraryLocator.IsHashedNvrtc(file));

    [Fact]
    public void The_loaded_libraries_of_this_process_are_read_and_libtorchs_folder_is_among_them()
    {
        _ = TorchSharp.torch.ones(1); // makes sure TorchSharp has loaded libtorch
        var loaded = NativeLibraryLocator.LoadedLibraries().ToList();

        var folders = NativeLibraryLocator.LibTorchFolders(loaded).ToList();

        Assert.NotEmpty(folders);
        Assert.Contains(NativeLibraryLocator.ListDirectory(folders[0]), file => file.StartsWith("libtorch", StringComparison.Ordinal));
    }

    [Fact]
    public void Loading_reports_every_candidate_it_tried()
    {
        Assert.False(NativeLibraryLocator.TryLoad(["/nonexistent/libcuda.so.1", "libdyt-none.so"], out var handle, out var reason));
        Assert.Equal(0, handle);
        Assert.Equal("none of /nonexistent/libcuda.so.1, libdyt-none.so could be loaded", reason);
    }

    [Fact]
    public void Availability_is_explained_either_way_and_without_a_device_every_norm_is_unavailable_on_device_0()
    {
        Assert.False(string.IsNullOrWhiteSpace(CudaDyt.Status));
        if (CudaDyt.IsAvailable) return;
        Assert.Throws<CudaUnavailableException>(() => CudaDyt.Driver);
        Assert.False(CudaDyt.IsAvailableOn(0));
        Assert.False(CudaDerf.IsAvailableOn(0));
        Assert.False(CudaRmsNorm.IsAvailableOn(0));
        Assert.Equal(CudaDyt.Status, CudaRmsNorm.StatusOn(0));
        Assert.Throws<CudaUnavailableException>(() => CudaDerf.WorkspaceBytes(DyT.Kernels.DytElementType.Float32, DyT.Kernels.DytShape.Rows(2, 8)));
    }
}
