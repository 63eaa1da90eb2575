using System;
using System.Collections.Generic;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

/// <summary>A device that records launches instead of running them.</summary>
internal sealed class RecordingDevice(int multiprocessors = 132, int blocksPerMultiprocessor = 4) : IKernelDevice
{
    public int Multiprocessors => multiprocessors;

    public List<(string Kernel, Launch Launch, IReadOnlyList<KernelArgument> Arguments)> Launches { get; } = new();

    public int ActiveBlocksPerMultiprocessor(string kernel, int threadsPerBlock, int sharedBytes) => blocksPerMultiprocessor;

    public void Launch(string kernel, Launch launch, KernelArguments arguments) => Launches.Add((kernel, launch, arguments.Values));
}

/// <summary>A driver with scripted versions and devices, that records what it was asked and can fail on cue.</summary>
internal sealed unsafe class FakeDriver : ICudaDriver
{
    public int DriverVersion { get; set; } = 12040;
    public List<(int Major, int Minor)> Devices { get; } = [(9, 0)];
    public Func<byte[], int>? LoadFails { get; set; }
    public Func<nint, int>? LaunchFails { get; set; }
    public List<string> Calls { get; } = new();
    public nint Current { get; private set; } = 0x100; // the caller's context, e.g. libtorch's cuda:0
    public int ModulesLoaded { get; private set; }

    public int Version() => DriverVersion;

    public int DeviceCount() => Devices.Count;

    public (int Major, int Minor, int Multiprocessors) Properties(int ordinal) => (Devices[ordinal].Major, Devices[ordinal].Minor, 132);

    public nint EnterPrimaryContext(int ordinal)
    {
        var previous = Current;
        Current = 0x1000 + ordinal;
        Calls.Add($"enter {ordinal}");
        return previous;
    }

    public void RestoreContext(nint previous)
    {
        Current = previous;
        Calls.Add($"restore 0x{previous:x}");
    }

    public nint LoadModule(byte[] image)
    {
        if (LoadFails?.Invoke(image) is { } code) throw new CudaException("cuModuleLoadData", code, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", "the provided PTX was compiled with an unsupported toolchain.");
        ModulesLoaded++;
        return 0x7000 + ModulesLoaded;
    }

    public nint Function(nint module, string name) => 0x9000 + name.Length;

    public int ActiveBlocksPerMultiprocessor(nint function, int threadsPerBlock, int sharedBytes) => 4;

    public void Launch(nint function, Launch launch, void** arguments)
    {
        Calls.Add($"launch 0x{function:x} in 0x{Current:x}");
        if (LaunchFails?.Invoke(function) is { } code) throw new CudaException("cuLaunchKernel", code, "CUDA_ERROR_INVALID_VALUE", "invalid argument");
    }
}

/// <summary>An NVRTC with a scripted version and architectures, that counts compiles and can fail on cue.</summary>
internal sealed class FakeNvrtc : INvrtc
{
    public (int Major, int Minor) NvrtcVersion { get; set; } = (12, 4);
    public int[] Architectures { get; set; } = [75, 80, 86, 89, 90];
    public string? CompileError { get; set; }
    public List<(string Name, int Architecture, bool Cubin)> Compiles { get; } = new();

    public (int Major, int Minor) Version() => NvrtcVersion;

    public int[] SupportedArchitectures() => Architectures;

    public byte[] Compile(string source, string name, IReadOnlyDictionary<string, string> headers, NvrtcTarget target)
    {
        if (CompileError is not null) throw new NvrtcException("nvrtcCompileProgram", 6, "NVRTC_ERROR_COMPILATION", CompileError);
        Compiles.Add((name, target.Architecture, target.Cubin));
        return target.Cubin ? [1, 2, 3] : [4, 5, 6];
    }
}
