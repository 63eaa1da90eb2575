using System;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

/// <summary>A test that needs a CUDA device; skipped, with the reason, where there is none.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!CudaDyt.IsAvailable) Skip = "No CUDA device: " + CudaDyt.Status;
    }
}

/// <summary>A test that needs NVRTC only (it compiles, no GPU needed); skipped, with the reason, where there is none.</summary>
public sealed class NvrtcFactAttribute : FactAttribute
{
    private static readonly Lazy<(Nvrtc? Nvrtc, string Reason)> Loaded = new(() =>
    {
        try { return (Nvrtc.Load(), ""); }
        catch (CudaUnavailableException error) { return (null, error.Message); }
    });

    public NvrtcFactAttribute()
    {
        if (Loaded.Value.Nvrtc is null) Skip = Loaded.Value.Reason; // The reason already starts "No NVRTC: ...".
    }

    public static Nvrtc Nvrtc => Loaded.Value.Nvrtc!;
}
