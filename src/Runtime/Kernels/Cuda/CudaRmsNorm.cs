namespace DyT.Kernels.Cuda;

/// <summary>
/// Fused RMSNorm, y = weight * x / sqrt(mean(x^2) + eps), on raw CUDA device pointers, shaped like
/// <see cref="CudaDyt"/>: channels-last rows of up to <see cref="LaunchGeometry.MaxRowChannels"/> channels, sums in
/// float32 for every element type, deterministic dweight. weight and dweight are float32 device buffers. Dispatch on
/// <see cref="IsAvailableOn"/> and <see cref="Supports"/>.
/// </summary>
internal static class CudaRmsNorm
{
    private static CudaRuntime Runtime => CudaRuntime.Shared;

    /// <summary>True when a CUDA driver with a device and NVRTC load here; the kernels may still fail to load on a device.</summary>
    public static bool IsAvailable => Runtime.IsAvailable;

    /// <summary>Why <see cref="IsAvailable"/> is false, or where the libraries were found.</summary>
    public static string Status => Runtime.Status;

    /// <summary>True when the kernels compiled and loaded on <paramref name="device"/> (tried once, at the first call).</summary>
    public static bool IsAvailableOn(int device) => Runtime.TryLoad(CudaProgram.RmsNorm, device, out _, out _);

    /// <summary>What was loaded on <paramref name="device"/>, or why it could not be.</summary>
    public static string StatusOn(int device) => Runtime.StatusOn(CudaProgram.RmsNorm, device);

    /// <summary>True when the kernels take rows of <paramref name="channels"/> channels (at most <see cref="LaunchGeometry.MaxRowChannels"/>).</summary>
    public static bool Supports(long channels) => channels <= int.MaxValue && RmsNormLaunches.Supports((int)channels);

    /// <summary>Bytes of device workspace <see cref="Backward"/> needs.</summary>
    public static long WorkspaceBytes(DytElementType type, DytShape shape, int device = 0) =>
        RmsNormLaunches.WorkspaceBytes(Module(device), type, shape);

    /// <summary>y = weight * x * rstd per row; weight may be 0 (no affine). Refuses channels-first shapes.</summary>
    public static void Forward(DytElementType type, nint x, nint y, DytShape shape, nint weight, float eps, int device = 0) =>
        RmsNormLaunches.Forward(Module(device), type, x, y, shape, weight, eps);

    /// <summary>
    /// Writes dx (skipped when 0) and dweight (C floats, skipped when 0), using a workspace of at least
    /// <see cref="WorkspaceBytes"/> bytes (none when dweight is 0). rstd is recomputed from x, bit for bit as the forward did.
    /// </summary>
    public static void Backward(DytElementType type, nint x, nint dy, nint dx, DytShape shape, nint weight, float eps, nint dweight,
        nint workspace, long workspaceBytes, int device = 0) =>
        RmsNormLaunches.Backward(Module(device), type, x, dy, dx, shape, weight, eps, dweight, workspace, workspaceBytes);

    private static CudaModule Module(int device) => Runtime.Module(CudaProgram.RmsNorm, device);
}
