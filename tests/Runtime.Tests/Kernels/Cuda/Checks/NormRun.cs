using System;
using System.Collections.Generic;
using DyT.Kernels;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda.Checks;

/// <summary>Memory the kernels run on: the GPU's (device check, GPU tests) or the host's (CPU emulation).</summary>
internal interface IKernelMemory
{
    /// <summary>Allocates <paramref name="bytes"/> aligned to 256 bytes.</summary>
    nint Allocate(long bytes);

    void Upload(nint destination, byte[] bytes);

    byte[] Download(nint source, long bytes);

    /// <summary>Waits for launched work (a device synchronize; nothing on the host).</summary>
    void Synchronize();
}

/// <summary>
/// Runs one <see cref="NormCase"/> through the norms' launch code (<see cref="PointwiseNorm"/>,
/// <see cref="RmsNormLaunches"/>) on any <see cref="IKernelDevice"/>: uploads the inputs (at the case's offset from
/// 16-byte alignment), runs the forward and the backward, and reads every output back.
/// </summary>
internal static class NormRun
{
    public static NormOutputs Execute(NormCase c, NormInputs inputs, IKernelDevice device, IKernelMemory memory)
    {
        var type = c.Type;
        var size = type.Size();
        var n = inputs.X.LongLength;
        // The offset moves x, dy, y and dx off 16-byte alignment; float32 parameters stay aligned, as any tensor's are.
        nint Tensor(float[]? values, DytElementType as_, long count, long offset = 0)
        {
            var bytes = count * as_.Size();
            var pointer = memory.Allocate(bytes + offset) + (nint)offset;
            if (values is not null) memory.Upload(pointer, ElementCodec.Encode(as_, values));
            return pointer;
        }
        nint Parameter(float[]? values) => values is null ? 0 : Tensor(values, DytElementType.Float32, values.Length);
        nint Gradient(bool wanted, long count) => wanted ? Tensor(null, DytElementType.Float32, count) : 0;

        var offset = (long)c.OffsetElements * size;
        var x = Tensor(inputs.X, type, n, offset);
        var dy = Tensor(inputs.Dy, type, n, offset);
        var y = Tensor(null, type, n, offset);
        var dx = Tensor(null, type, n, offset);
        var w = Parameter(inputs.Weight);
        var b = Parameter(inputs.Bias);
        var dw = Gradient(inputs.Weight is not null, c.Channels);
        var db = Gradient(inputs.Bias is not null, c.Channels);
        var shape = c.Shape;
        float? dalpha = null, dshift = null;
        if (c.Norm == FusedNorm.RmsNorm)
        {
            var workspaceBytes = RmsNormLaunches.WorkspaceBytes(device, type, shape);
            var workspace = memory.Allocate(workspaceBytes);
            RmsNormLaunches.Forward(device, type, x, y, shape, w, c.Eps);
            RmsNormLaunches.Backward(device, type, x, dy, dx, shape, w, c.Eps, dw, workspace, workspaceBytes);
        }
        else
        {
            var norm = c.Norm == FusedNorm.Dyt ? PointwiseNorm.Dyt : PointwiseNorm.Derf;
            var alpha = Parameter([c.Alpha]);
            var shift = norm.HasShift ? Parameter([c.Shift]) : 0;
            var (da, ds) = (Gradient(true, 1), Gradient(norm.HasShift, 1));
            var workspaceBytes = norm.WorkspaceBytes(device, type, shape);
            var workspace = memory.Allocate(workspaceBytes);
            norm.Forward(device, type, x, y, shape, alpha, shift, w, b);
            norm.Backward(device, type, x, dy, dx, shape, alpha, shift, w, dw, db, da, ds, workspace, workspaceBytes);
            memory.Synchronize();
            dalpha = Read(memory, da, DytElementType.Float32, 1)[0];
            if (norm.HasShift) dshift = Read(memory, ds, DytElementType.Float32, 1)[0];
        }
        memory.Synchronize();
        return new NormOutputs(Read(memory, y, type, n), Read(memory, dx, type, n),
            dw == 0 ? null : Read(memory, dw, DytElementType.Float32, c.Channels), db == 0 ? null : Read(memory, db, DytElementType.Float32, c.Channels),
            dalpha, dshift);
    }

    /// <summary>Runs the case twice; the errors of the first run, and whether the second gave the same bits.</summary>
    public static (IReadOnlyList<ErrorCheck> Errors, bool Repeatable) Check(NormCase c, IKernelDevice device, IKernelMemory memory)
    {
        var inputs = c.Inputs();
        var first = Execute(c, inputs, device, memory);
        var second = Execute(c, inputs, device, memory);
        return (NormReference.Compare(c, inputs, first), first.SameBits(second));
    }

    private static float[] Read(IKernelMemory memory, nint pointer, DytElementType type, long count) =>
        ElementCodec.Decode(type, memory.Download(pointer, count * type.Size()));
}
