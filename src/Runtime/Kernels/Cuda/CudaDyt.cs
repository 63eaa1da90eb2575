namespace DyT.Kernels.Cuda;

/// <summary>
/// Fused DyT, y = weight * tanh(alpha * x) + bias, on raw CUDA device pointers: channels-last rows of C channels,
/// launched in the device's primary context on stream 0 (libtorch's default stream, so ordering with TorchSharp
/// ops holds). alpha, weight, bias and the gradients of the parameters are float32 device buffers; x, y, dy and dx
/// are of <see cref="DytElementType"/>. Dispatch on <see cref="IsAvailableOn"/>: it is true only once the kernels
/// have compiled and loaded on that device.
/// </summary>
internal static class CudaDyt
{
    private static CudaRuntime Runtime => CudaRuntime.Shared;

    /// <summary>True when a CUDA driver with a device and NVRTC load here; the kernels may still fail to load on a device.</summary>
    public static bool IsAvailable => Runtime.IsAvailable;

    /// <summary>Why <see cref="IsAvailable"/> is false, or where the libraries were found.</summary>
    public static string Status => Runtime.Status;

    /// <summary>The driver, for allocations and copies; throws <see cref="CudaUnavailableException"/> when there is none.</summary>
    public static CudaDriver Driver => Runtime.Driver;

    /// <summary>True when the kernels compiled and loaded on <paramref name="device"/> (tried once, at the first call).</summary>
    public static bool IsAvailableOn(int device) => Runtime.TryLoad(CudaProgram.Dyt, device, out _, out _);

    /// <summary>What was loaded on <paramref name="device"/>, or why it could not be.</summary>
    public static string StatusOn(int device) => Runtime.StatusOn(CudaProgram.Dyt, device);

    /// <summary>Bytes of device workspace <see cref="Backward"/> needs.</summary>
    public static long WorkspaceBytes(DytElementType type, DytShape shape, int device = 0) =>
        PointwiseNorm.Dyt.WorkspaceBytes(Module(device), type, shape);

    /// <summary>y = weight * tanh(alpha * x) + bias; weight and bias may be 0 (no affine, no bias). Refuses channels-first shapes.</summary>
    public static void Forward(DytElementType type, nint x, nint y, DytShape shape, nint alpha, nint weight, nint bias, int device = 0) =>
        PointwiseNorm.Dyt.Forward(Module(device), type, x, y, shape, alpha, 0, weight, bias);

    /// <summary>
    /// Writes dx (skipped when 0), dweight and dbias (C floats each, skipped when 0) and dalpha (one float), using a
    /// workspace of at least <see cref="WorkspaceBytes"/> bytes. Refuses channels-first shapes.
    /// </summary>
    public static void Backward(DytElementType type, nint x, nint dy, nint dx, DytShape shape, nint alpha, nint weight,
        nint dweight, nint dbias, nint dalpha, nint workspace, long workspaceBytes, int device = 0) =>
        PointwiseNorm.Dyt.Backward(Module(device), type, x, dy, dx, shape, alpha, 0, weight, dweight, dbias, dalpha, 0, workspace, workspaceBytes);

    private static CudaModule Module(int device) => Runtime.Module(CudaProgram.Dyt, device);
}
