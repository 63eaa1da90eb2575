using System;

namespace DyT.Kernels.Cuda;

/// <summary>Checks of what the host code is given, before anything is launched: each failure names the argument.</summary>
internal static class KernelInputChecks
{
    /// <summary>Rows of C channels from <paramref name="shape"/>; refuses a channels-first shape, which the CUDA kernels do not take.</summary>
    public static (long Rows, int Channels) Rows(DytShape shape)
    {
        if (!shape.ChannelsLast)
            throw new ArgumentException(
                $"The CUDA kernels take channels-last rows (inner extent 1); got (outer {shape.Outer}, channels {shape.Channels}, inner {shape.Inner}). " +
                "Permute the input to channels-last, or use the CPU kernel or the unfused chain.", nameof(shape));
        if (shape.Channels > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(shape), shape.Channels, $"channels must be at most {int.MaxValue}; got {shape.Channels}.");
        return (shape.Outer, (int)shape.Channels);
    }

    /// <summary>Throws when a required device pointer is null.</summary>
    public static void Required(nint pointer, string name)
    {
        if (pointer == 0) throw new ArgumentException($"{name} must be a device pointer; got null.", name);
    }

    /// <summary>Throws when the workspace is null or smaller than the plan needs.</summary>
    public static void Workspace(nint workspace, long bytes, long needed)
    {
        if (needed == 0) return;
        Required(workspace, nameof(workspace));
        if (bytes < needed)
            throw new ArgumentOutOfRangeException(nameof(workspace), bytes, $"the workspace must have at least {needed} bytes (WorkspaceBytes); got {bytes}.");
    }

    /// <summary>Throws when a bias is given without a weight (y would silently ignore it).</summary>
    public static void BiasNeedsWeight(nint weight, nint bias)
    {
        if (bias != 0 && weight == 0)
            throw new ArgumentException("bias was given without weight; the affine needs both, or weight alone.", "bias");
    }
}
