using System;

namespace DyT.Kernels.Cuda;

/// <summary>
/// Launches of a pointwise norm, y = weight * f(alpha * x + shift) + bias: DyT (tanh, no shift) and Derf (erf),
/// whose kernels share pointwise_norm.cuh. The forward is one launch; the backward one launch that writes dx and
/// per-block partial sums, then the <see cref="PartialSums"/> levels that add them up into dweight, dbias, dalpha
/// (and dshift).
/// </summary>
internal sealed class PointwiseNorm
{
    /// <summary>DyT: y = weight * tanh(alpha * x) + bias (dyt_kernels.cu).</summary>
    public static readonly PointwiseNorm Dyt = new("dyt", hasShift: false);

    /// <summary>Derf: y = weight * erf(alpha * x + shift) + bias (derf_kernels.cu).</summary>
    public static readonly PointwiseNorm Derf = new("derf", hasShift: true);

    private PointwiseNorm(string prefix, bool hasShift)
    {
        Prefix = prefix;
        HasShift = hasShift;
    }

    /// <summary>Kernel-name prefix and program stem.</summary>
    public string Prefix { get; }

    /// <summary>True when the norm has a shift scalar (and a dshift gradient).</summary>
    public bool HasShift { get; }

    /// <summary>The kernel for a pass ("forward" or "backward"), element type and vector width.</summary>
    public string KernelName(string pass, DytElementType type, int width) => $"{Prefix}_{pass}_{TypeSuffix(type)}_v{width}";

    /// <summary>y = weight * f(alpha * x + shift) + bias; weight and bias may be 0 (no affine, no bias).</summary>
    public void Forward(IKernelDevice device, DytElementType type, nint x, nint y, DytShape shape, nint alpha, nint shift, nint weight, nint bias)
    {
        var (rows, channels) = KernelInputChecks.Rows(shape);
        CheckScalars(alpha, shift);
        KernelInputChecks.BiasNeedsWeight(weight, bias);
        var elements = rows * channels;
        if (elements == 0) return;
        KernelInputChecks.Required(x, nameof(x));
        KernelInputChecks.Required(y, nameof(y));
        var width = LaunchGeometry.VectorWidth(type, channels, x, y);
        var arguments = new KernelArguments().Pointer(x).Pointer(y).Pointer(alpha).Pointer(shift).Pointer(weight).Pointer(bias)
            .Int64(rows).Int32(channels);
        device.Launch(KernelName("forward", type, width), LaunchGeometry.PointwiseForward(rows, channels, width), arguments);
    }

    /// <summary>The backward's launch and its partial sums for this shape, vector width and device.</summary>
    public (RowBlockPlan Plan, PartialSums Sums) BackwardPlan(IKernelDevice device, DytElementType type, long rows, int channels, int width)
    {
        var probe = LaunchGeometry.PointwiseBackward(rows, channels, width, device.Multiprocessors, LaunchGeometry.BackwardBlocksPerSm);
        var fit = device.ActiveBlocksPerMultiprocessor(KernelName("backward", type, width), probe.Launch.Threads, probe.Launch.SharedBytes);
        var plan = LaunchGeometry.PointwiseBackward(rows, channels, width, device.Multiprocessors, Math.Max(1, fit));
        var sums = new PartialSums(plan.RowBlocks, 2 * channels, HasShift ? 2 : 1, checked((int)plan.Launch.Blocks));
        return (plan, sums);
    }

    /// <summary>Workspace bytes <see cref="Backward"/> needs, whatever the pointers' alignment (so for every width).</summary>
    public long WorkspaceBytes(IKernelDevice device, DytElementType type, DytShape shape)
    {
        var (rows, channels) = KernelInputChecks.Rows(shape);
        long bytes = 0;
        foreach (var width in new[] { 1, LaunchGeometry.VectorWidth(type, channels) })
            bytes = Math.Max(bytes, BackwardPlan(device, type, rows, channels, width).Sums.WorkspaceBytes);
        return bytes;
    }

    /// <summary>
    /// Writes dx (skipped when 0), dweight and dbias (C floats each, skipped when 0), dalpha and, for Derf, dshift
    /// (one float each, skipped when 0). Rows = 0 writes zero gradients.
    /// </summary>
    public void Backward(IKernelDevice device, DytElementType type, nint x, nint dy, nint dx, DytShape shape, nint alpha, nint shift,
        nint weight, nint dweight, nint dbias, nint dalpha, nint dshift, nint workspace, long workspaceBytes)
    {
        var (rows, channels) = KernelInputChecks.Rows(shape);
        CheckScalars(alpha, shift);
        if (rows > 0)
        {
            KernelInputChecks.Required(x, nameof(x));
            KernelInputChecks.Required(dy, nameof(dy));
        }
        var width = LaunchGeometry.VectorWidth(type, channels, x, dy, dx);
        var (plan, sums) = BackwardPlan(device, type, rows, channels, width);
        KernelInputChecks.Workspace(workspace, workspaceBytes, sums.WorkspaceBytes);
        var arguments = new KernelArguments().Pointer(x).Pointer(dy).Pointer(dx).Pointer(alpha).Pointer(shift).Pointer(weight)
            .Pointer(workspace).Pointer(workspace + (nint)sums.ScalarOffset).Int32(sums.ScalarCount)
            .Int64(rows).Int32(channels).Int64(plan.RowsPerBlock);
        device.Launch(KernelName("backward", type, width), plan.Launch, arguments);
        sums.Launch(device, workspace, dweight, dbias, channels, dalpha, dshift);
    }

    private void CheckScalars(nint alpha, nint shift)
    {
        KernelInputChecks.Required(alpha, nameof(alpha));
        if (HasShift) KernelInputChecks.Required(shift, nameof(shift));
        else if (shift != 0) throw new ArgumentException($"{Prefix} has no shift; got a shift pointer.", nameof(shift));
    }

    /// <summary>The element-type part of the kernel names.</summary>
    public static string TypeSuffix(DytElementType type) => type switch
    {
        DytElementType.Float32 => "f32",
        DytElementType.Float16 => "f16",
        DytElementType.BFloat16 => "bf16",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"type must be Float32, Float16 or BFloat16; got {type}."),
    };
}
