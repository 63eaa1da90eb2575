using System;
using DyT.Kernels.Cuda;
using DyT.Runtime.Tests.Kernels.Cuda.Emulation;

namespace DyT.Runtime.Tests.Kernels.Cuda;

/// <summary>A test that needs a CUDA device; skipped, with the reason, where there is none.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!CudaRuntime.Shared.IsAvailable) Skip = "No CUDA device: " + CudaRuntime.Shared.Status;
    }
}

/// <summary>A theory that needs a CUDA device; skipped, with the reason, where there is none.</summary>
public sealed class CudaTheoryAttribute : TheoryAttribute
{
    public CudaTheoryAttribute()
    {
        if (!CudaRuntime.Shared.IsAvailable) Skip = "No CUDA device: " + CudaRuntime.Shared.Status;
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

    internal static Nvrtc Nvrtc => Loaded.Value.Nvrtc!;
}

/// <summary>A theory that runs kernels in the CPU emulation (g++ needed); skipped, with the reason, where it cannot.</summary>
public sealed class EmulationTheoryAttribute : TheoryAttribute
{
    public EmulationTheoryAttribute()
    {
        if (EmulationLibrary.Unavailable is { } reason) Skip = reason;
    }
}

/// <summary>A test that runs kernels in the CPU emulation (g++ needed); skipped, with the reason, where it cannot.</summary>
public sealed class EmulationFactAttribute : FactAttribute
{
    public EmulationFactAttribute()
    {
        if (EmulationLibrary.Unavailable is { } reason) Skip = reason;
    }
}
