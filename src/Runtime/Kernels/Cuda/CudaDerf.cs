namespace DyT.Kernels.Cuda;

/// <summary>
/// Fused Derf, y = weight * erf(alpha * x + shift) + bias, on raw CUDA device pointers, shaped like
/// <see cref="CudaDyt"/>: channels-last rows, stream 0 of the device's primary context; alpha, shift, weight, bias
/// and the parameters' gradients are float32 device buffers. erf is exactly +-1, and its slope exactly 0, where
/// float32 erf saturates. Dispatch on <see cref="IsAvailableOn"/>.
/// </summary>
internal static class CudaDerf
{
    private static CudaRuntime Runtime => CudaRuntime.Shared;

    /// <summary>True when a CUDA driver with a device and NVRTC load here; the kernels may still fail to load on a device.</summary>
    public static bool IsAvailable => Runtime.IsAvailable;

    /// <summary>Why <see cref="IsAvailable"/> is false, or where the libraries were found.</summary>
    public static string Status => Runtime.Status;

    /// <summary>True when the kernels compiled and loaded on <paramref name="device"/> (tried once, at the first call).</summary>
    public static bool IsAvailableOn(int device) => Runtime.TryLoad(CudaProgram.Derf, device, out _, out _);

    /// <summary>What was loaded on <paramref name="device"/>, or why it could not be.</summary>
    public static string StatusOn(int device) => Runtime.StatusOn(CudaProgram.Derf, device);

    /// <summary>Bytes of device workspace <see cref="Backward"/> needs.</summary>
    public static long WorkspaceBytes(DytElementType type, DytShape shape, int device = 0) =>
        PointwiseNorm.Derf.WorkspaceBytes(Module(device), type, shape);

    /// <summary>y = weight * erf(alpha * x + shift) + bias; weight and bias may be 0 (no affine, no bias). Refuses channels-first shapes.</summary>
    public static void Forward(DytElementType type, nint x, nint y, DytShape shape, nint alpha, nint shift, nint weight, nint bias, int device = 0) =>
        PointwiseNorm.Derf.Forward(Module(device), type, x, y, shape, alpha, shift, weight, bias);

    /// <summary>
    /// Writes dx (skipped when 0), dweight and dbias (C floats each, skipped when 0), dalpha and dshift (one float
    /// each, skipped when 0), using a workspace of at least <see cref="WorkspaceBytes"/> bytes.
    /// </summary>
    public static void Backward(DytElementType type, nint x, nint dy, nint dx, DytShape shape, nint alpha, nint shift, nint weight,
        nint dweight, nint dbias, nint dalpha, nint dshift, nint workspace, long workspaceBytes, int device = 0) =>
        PointwiseNorm.Derf.Backward(Module(device), type, x, dy, dx, shape, alpha, shift, weight, dweight, dbias, dalpha, dshift, workspace, workspaceBytes);

    private static CudaModule Module(int device) => Runtime.Module(CudaProgram.Derf, device);
}
