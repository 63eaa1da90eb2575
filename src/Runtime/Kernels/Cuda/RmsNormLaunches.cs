using System;

namespace DyT.Kernels.Cuda;

/// <summary>
/// Launches of RMSNorm, y = weight * x / sqrt(mean(x^2) + eps) (rmsnorm_kernels.cu): the forward is one launch; the
/// backward one launch that recomputes each row's rstd, writes dx and per-block partial sums of dweight, then the
/// <see cref="PartialSums"/> levels. Rows of up to <see cref="LaunchGeometry.MaxRowChannels"/> channels.
/// </summary>
internal static class RmsNormLaunches
{
    /// <summary>True when the kernels take rows of <paramref name="channels"/> channels.</summary>
    public static bool Supports(int channels) => channels > 0 && channels <= LaunchGeometry.MaxRowChannels;

    /// <summary>The kernel for a pass ("forward" or "backward"), element type, vector width and elements per thread.</summary>
    public static string KernelName(string pass, DytElementType type, int width, int elementsPerThread) =>
        $"rmsnorm_{pass}_{PointwiseNorm.TypeSuffix(type)}_v{width}_e{elementsPerThread}";

    /// <summary>y = weight * x * rstd per row; weight may be 0 (no affine).</summary>
    public static void Forward(IKernelDevice device, DytElementType type, nint x, nint y, DytShape shape, nint weight, float eps)
    {
        var (rows, channels) = Rows(shape);
        CheckEps(eps);
        if (rows == 0) return;
        KernelInputChecks.Required(x, nameof(x));
        KernelInputChecks.Required(y, nameof(y));
        var width = LaunchGeometry.VectorWidth(type, channels, x, y);
        var groups = Groups(channels, width);
        var kernel = KernelName("forward", type, width, groups.ElementsPerThread);
        var fit = device.ActiveBlocksPerMultiprocessor(kernel, groups.Threads * groups.RowsPerBlock, groups.ForwardSharedBytes);
        var arguments = new KernelArguments().Pointer(x).Pointer(y).Pointer(weight).Float32(eps).Int64(rows).Int32(channels);
        device.Launch(kernel, LaunchGeometry.RmsForward(rows, groups, device.Multiprocessors, Math.Max(1, fit)), arguments);
    }

    /// <summary>The backward's launch and its partial sums for this shape, vector width and device.</summary>
    public static (RowBlockPlan Plan, PartialSums Sums, string Kernel) BackwardPlan(IKernelDevice device, DytElementType type, long rows, int channels, int width)
    {
        var groups = Groups(channels, width);
        var kernel = KernelName("backward", type, width, groups.ElementsPerThread);
        var probe = LaunchGeometry.RmsBackward(rows, groups, width, device.Multiprocessors, LaunchGeometry.BackwardBlocksPerSm);
        var fit = device.ActiveBlocksPerMultiprocessor(kernel, probe.Launch.Threads, probe.Launch.SharedBytes);
        var plan = LaunchGeometry.RmsBackward(rows, groups, width, device.Multiprocessors, Math.Max(1, fit));
        return (plan, new PartialSums(plan.RowBlocks, channels, Scalars: 0, ScalarCount: 0), kernel);
    }

    /// <summary>Workspace bytes <see cref="Backward"/> needs, whatever the pointers' alignment.</summary>
    public static long WorkspaceBytes(IKernelDevice device, DytElementType type, DytShape shape)
    {
        var (rows, channels) = Rows(shape);
        long bytes = 0;
        foreach (var width in new[] { 1, LaunchGeometry.VectorWidth(type, channels) })
            bytes = Math.Max(bytes, BackwardPlan(device, type, rows, channels, width).Sums.WorkspaceBytes);
        return bytes;
    }

    /// <summary>
    /// Writes dx (skipped when 0) and dweight (C floats; skipped when 0, and then no workspace is needed). Rows = 0
    /// writes a zero dweight.
    /// </summary>
    public static void Backward(IKernelDevice device, DytElementType type, nint x, nint dy, nint dx, DytShape shape, nint weight, float eps,
        nint dweight, nint workspace, long workspaceBytes)
    {
        var (rows, channels) = Rows(shape);
        CheckEps(eps);
        if (rows > 0)
        {
            KernelInputChecks.Required(x, nameof(x));
            KernelInputChecks.Required(dy, nameof(dy));
        }
        var width = LaunchGeometry.VectorWidth(type, channels, x, dy, dx);
        var (plan, sums, kernel) = BackwardPlan(device, type, rows, channels, width);
        if (dweight != 0) KernelInputChecks.Workspace(workspace, workspaceBytes, sums.WorkspaceBytes);
        var arguments = new KernelArguments().Pointer(x).Pointer(dy).Pointer(dx).Pointer(weight).Float32(eps)
            .Pointer(dweight != 0 ? workspace : 0).Int64(rows).Int32(channels).Int64(plan.RowsPerBlock);
        device.Launch(kernel, plan.Launch, arguments);
        if (dweight != 0) sums.Launch(device, workspace, dweight, 0, channels, 0, 0);
    }

    private static (long Rows, int Channels) Rows(DytShape shape)
    {
        var (rows, channels) = KernelInputChecks.Rows(shape);
        if (!Supports(channels))
            throw new ArgumentOutOfRangeException(nameof(shape), channels,
                $"the RMSNorm kernels take rows of at most {LaunchGeometry.MaxRowChannels} channels; got {channels}. Check Supports first.");
        return (rows, channels);
    }

    private static RowGroups Groups(int channels, int width) =>
        LaunchGeometry.RmsRowGroups(channels, width) ?? throw new InvalidOperationException($"no row split for {channels} channels at width {width}.");

    private static void CheckEps(float eps)
    {
        if (!float.IsFinite(eps) || eps <= 0)
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps must be finite and > 0; got {eps}.");
    }
}
