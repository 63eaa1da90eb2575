using System;
using System.Collections.Generic;

namespace DyT.Kernels.Cuda;

/// <summary>
/// Fused DyT forward and backward on raw CUDA device pointers (channels-last rows of C), launched in the device's
/// primary context on stream 0 (libtorch's default stream, so ordering with TorchSharp ops holds). Parameters and
/// their gradients are float32 device buffers; x, y, dy and dx are of <see cref="DytElementType"/>.
/// </summary>
public static unsafe class CudaDyt
{
    private static readonly Lazy<(CudaDriver? Driver, Nvrtc? Nvrtc, string Reason)> Runtime = new(Probe);
    private static readonly Dictionary<int, CudaKernels> Loaded = new();

    /// <summary>True when a CUDA driver, a device and NVRTC are present (the kernels compile at first launch).</summary>
    public static bool IsAvailable => Runtime.Value.Driver is not null && Runtime.Value.Nvrtc is not null;

    /// <summary>Why <see cref="IsAvailable"/> is false, or where the libraries were found when it is true.</summary>
    public static string Status => Runtime.Value.Reason;

    /// <summary>The loaded driver; throws <see cref="CudaUnavailableException"/> when there is none.</summary>
    public static CudaDriver Driver => IsAvailable ? Runtime.Value.Driver! : throw new CudaUnavailableException(Status);

    /// <summary>Bytes of device workspace <see cref="Backward"/> needs for (rows, C) on <paramref name="device"/>.</summary>
    public static long WorkspaceBytes(long rows, int channels, int device = 0)
    {
        var sms = Kernels(device).Multiprocessors;
        // The vector width depends on pointer alignment, unknown here: size for the larger of the two plans.
        return Math.Max(LaunchGeometry.Backward(rows, channels, 1, sms).WorkspaceBytes(channels),
            Math.Max(LaunchGeometry.Backward(rows, channels, 4, sms).WorkspaceBytes(channels),
                LaunchGeometry.Backward(rows, channels, 8, sms).WorkspaceBytes(channels)));
    }

    /// <summary>y = weight * tanh(alpha * x) + bias; weight and bias may be 0 (no affine / no bias).</summary>
    public static void Forward(DytElementType type, nint x, nint y, long rows, int channels, nint alpha, nint weight, nint bias, int device = 0)
    {
        var elements = rows * channels;
        if (elements == 0) return;
        var kernels = Kernels(device);
        var width = LaunchGeometry.VectorWidth(type, channels, x, y);
        var launch = LaunchGeometry.Forward(elements, width, kernels.Multiprocessors);
        int c = channels;
        void** arguments = stackalloc void*[] { &x, &y, &alpha, &weight, &bias, &elements, &c };
        Driver.UsePrimaryContext(device);
        Driver.Launch(kernels[CudaKernels.KernelName("forward", type, width)], launch, arguments);
    }

    /// <summary>
    /// Writes dx (skipped when 0), dweight and dbias (C floats each, skipped when 0) and dalpha (one float), using
    /// <paramref name="workspace"/> of <see cref="WorkspaceBytes"/> for the per-block partial sums.
    /// </summary>
    public static void Backward(DytElementType type, nint x, nint dy, nint dx, long rows, int channels, nint alpha, nint weight,
        nint dweight, nint dbias, nint dalpha, nint workspace, int device = 0)
    {
        if (rows == 0) return;
        var kernels = Kernels(device);
        var width = LaunchGeometry.VectorWidth(type, channels, x, dy, dx);
        var plan = LaunchGeometry.Backward(rows, channels, width, kernels.Multiprocessors);
        nint partialW = workspace, partialB = workspace + 4 * plan.RowBlocks * (nint)channels, partialA = partialB + 4 * plan.RowBlocks * (nint)channels;
        long rowsPerBlock = plan.RowsPerBlock;
        int c = channels, rowBlocks = plan.RowBlocks, alphaPartials = plan.AlphaPartials;
        Driver.UsePrimaryContext(device);
        void** main = stackalloc void*[] { &x, &dy, &dx, &alpha, &weight, &partialW, &partialB, &partialA, &rows, &c, &rowsPerBlock };
        Driver.Launch(kernels[CudaKernels.KernelName("backward", type, width)], plan.Launch, main);
        void** columns = stackalloc void*[] { &partialW, &partialB, &dweight, &dbias, &rowBlocks, &c };
        var columnLaunch = new Launch((channels + LaunchGeometry.Threads - 1) / LaunchGeometry.Threads, 1, LaunchGeometry.Threads, 1, 0);
        Driver.Launch(kernels["dyt_reduce_columns"], columnLaunch, columns);
        void** alphaArguments = stackalloc void*[] { &partialA, &dalpha, &alphaPartials };
        Driver.Launch(kernels["dyt_reduce_alpha"], new Launch(1, 1, LaunchGeometry.Threads, 1, 0), alphaArguments);
    }

    private static CudaKernels Kernels(int device)
    {
        var driver = Driver;
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(device, out var kernels))
                Loaded[device] = kernels = CudaKernels.Load(driver, Runtime.Value.Nvrtc!, device);
            return kernels;
        }
    }

    private static (CudaDriver?, Nvrtc?, string) Probe()
    {
        try
        {
            var driver = CudaDriver.Load();
            if (driver.DeviceCount() == 0) return (null, null, $"The CUDA driver ({driver.LibraryPath}) sees no device.");
            var nvrtc = Nvrtc.Load();
            return (driver, nvrtc, $"CUDA driver {driver.LibraryPath}, NVRTC {nvrtc.LibraryPath}");
        }
        catch (Exception error) when (error is CudaUnavailableException or CudaException or DllNotFoundException)
        {
            return (null, null, error.Message);
        }
    }
}
