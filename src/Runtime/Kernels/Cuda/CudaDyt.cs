namespace DyT.Kernels.Cuda;

/// <summary>placeholder</summary>
public static class CudaDyt
{
    /// <summary>placeholder</summary>
    public static bool IsAvailable => false;
    /// <summary>placeholder</summary>
    public static long WorkspaceBytes(long rows, int channels) => 0;
    /// <summary>placeholder</summary>
    public static void Forward(DytElementType type, nint x, nint y, long rows, int channels, nint alpha, nint weight, nint bias) { }
    /// <summary>placeholder</summary>
    public static void Backward(DytElementType type, nint x, nint dy, nint dx, long rows, int channels, nint alpha, nint weight, nint dweight, nint dbias, nint dalpha, nint workspace) { }
}
