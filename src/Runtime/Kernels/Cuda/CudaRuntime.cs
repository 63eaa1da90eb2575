using System;
using System.Collections.Generic;

namespace DyT.Kernels.Cuda;

/// <summary>
/// The CUDA kernel layer of this process: the driver and NVRTC (loaded once), and each program's module per device,
/// compiled and loaded at first use. A device counts as available for a program only once that load has worked:
/// NVRTC compiled the program for the device's architecture, the NVRTC and driver versions fit, and the driver
/// loaded the image and found every kernel. A failure is remembered with its reason, so callers fall back to the
/// unfused path instead of failing in the forward, every time.
/// </summary>
internal sealed class CudaRuntime
{
    private static readonly Lazy<CudaRuntime> SharedRuntime = new(Probe);

    private readonly ICudaDriver? driver;
    private readonly INvrtc? nvrtc;
    private readonly Dictionary<(string Program, int Architecture, bool Cubin), byte[]> images = new();
    private readonly Dictionary<(string Program, int Device), (CudaModule? Module, string Status)> modules = new();

    /// <summary>A runtime over the given driver and NVRTC; null for either means unavailable, for <paramref name="status"/>.</summary>
    public CudaRuntime(ICudaDriver? driver, INvrtc? nvrtc, string status)
    {
        this.driver = driver;
        this.nvrtc = nvrtc;
        Status = status;
    }

    /// <summary>The process's runtime over the libcuda and libnvrtc found here (see <see cref="NativeLibraryLocator"/>).</summary>
    public static CudaRuntime Shared => SharedRuntime.Value;

    /// <summary>True when a driver with a device and NVRTC loaded. Necessary, not sufficient: see <see cref="TryLoad"/>.</summary>
    public bool IsAvailable => driver is not null && nvrtc is not null;

    /// <summary>Why <see cref="IsAvailable"/> is false, or which libraries were loaded.</summary>
    public string Status { get; }

    /// <summary>The real driver, for allocations and copies (tests, device check); throws when unavailable.</summary>
    public CudaDriver Driver => driver as CudaDriver ?? throw new CudaUnavailableException(Status);

    /// <summary>
    /// <paramref name="program"/> loaded on <paramref name="device"/>, loading it the first time; false, with the
    /// reason, when it cannot be (then, for this process, it never is).
    /// </summary>
    public bool TryLoad(CudaProgram program, int device, out CudaModule? module, out string status)
    {
        lock (modules)
        {
            if (!modules.TryGetValue((program.FileName, device), out var loaded))
                modules[(program.FileName, device)] = loaded = Load(program, device);
            (module, status) = loaded;
            return module is not null;
        }
    }

    /// <summary>What was loaded for <paramref name="program"/> on <paramref name="device"/>, or why it could not be.</summary>
    public string StatusOn(CudaProgram program, int device)
    {
        TryLoad(program, device, out _, out var status);
        return status;
    }

    /// <summary>The module, or <see cref="CudaUnavailableException"/> with the reason it did not load.</summary>
    public CudaModule Module(CudaProgram program, int device) =>
        TryLoad(program, device, out var module, out var status) ? module! : throw new CudaUnavailableException(status);

    private (CudaModule?, string) Load(CudaProgram program, int device)
    {
        if (driver is null || nvrtc is null) return (null, Status);
        var where = $"{program.FileName} on device {device}";
        try
        {
            var count = driver.DeviceCount();
            if (device < 0 || device >= count) return (null, $"{where}: the driver sees {count} device(s).");
            var (major, minor, multiprocessors) = driver.Properties(device);
            var target = NvrtcTarget.For(major, minor, nvrtc.SupportedArchitectures());
            var nvrtcVersion = nvrtc.Version();
            var driverVersion = driver.Version();
            if (target.IncompatibilityWith(nvrtcVersion, driverVersion) is { } reason) return (null, $"{where} (sm_{major}{minor}): {reason}");
            var image = Image(program, target);
            var previous = driver.EnterPrimaryContext(device);
            try
            {
                var handle = driver.LoadModule(image);
                var functions = new Dictionary<string, nint>();
                foreach (var kernel in program.Kernels) functions[kernel] = driver.Function(handle, kernel);
                var kind = target.Cubin ? "cubin" : "PTX";
                return (new CudaModule(driver, device, multiprocessors, target, functions),
                    $"{where}: {kind} for sm_{target.Architecture} from NVRTC {nvrtcVersion.Major}.{nvrtcVersion.Minor}, driver CUDA {driverVersion / 1000}.{driverVersion % 1000 / 10}");
            }
            finally
            {
                driver.RestoreContext(previous);
            }
        }
        catch (Exception error) when (error is CudaException or NvrtcException or CudaUnavailableException)
        {
            return (null, $"{where}: {error.Message}");
        }
    }

    // Compiled once per program and architecture for the process.
    private byte[] Image(CudaProgram program, NvrtcTarget target)
    {
        lock (images)
        {
            var key = (program.FileName, target.Architecture, target.Cubin);
            if (!images.TryGetValue(key, out var image))
                images[key] = image = nvrtc!.Compile(program.Source(), program.FileName, CudaProgram.Headers(), target);
            return image;
        }
    }

    private static CudaRuntime Probe()
    {
        try
        {
            var driver = CudaDriver.Load();
            if (driver.DeviceCount() == 0) return new CudaRuntime(null, null, $"The CUDA driver ({driver.LibraryPath}) sees no device.");
            var nvrtc = Nvrtc.Load();
            return new CudaRuntime(driver, nvrtc, $"CUDA driver {driver.LibraryPath}, NVRTC {nvrtc.LibraryPath}");
        }
        catch (Exception error) when (error is CudaUnavailableException or CudaException or DllNotFoundException)
        {
            return new CudaRuntime(null, null, error.Message);
        }
    }
}
