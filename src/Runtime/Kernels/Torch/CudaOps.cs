using DyT.Kernels.Cuda;
using static DyT.Kernels.Torch.ParameterTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// The CUDA kernels of the three fused norms on TorchSharp tensors: channels-last input made contiguous, parameters
/// as float32 device buffers, gradients returned in the parameters' dtypes. A kernel covers an input only once it has
/// compiled and loaded on that input's device (<c>IsAvailableOn</c>), so a failure there falls back to the unfused
/// chain instead of throwing in a forward.
/// </summary>
internal static class CudaOps
{
    /// <summary>True when <paramref name="input"/> is channels-last of a kernel dtype on a CUDA device where <paramref name="loadedOn"/> says the program loaded.</summary>
    public static bool Cover(Tensor input, bool channelsFirst, System.Func<int, bool> loadedOn) =>
        input.device_type == DeviceType.CUDA && !channelsFirst && TensorPointers.ElementType(input.dtype) is not null
        && loadedOn((int)input.device_index);

    public static Tensor DytForward(Tensor input, Tensor alpha, Tensor? weight, Tensor? bias) =>
        Forward(input, (x, y, shape, type, device) =>
        {
            using var a = Float32(alpha)!;
            using var w = Float32(weight);
            using var b = Float32(bias);
            CudaDyt.Forward(type, Data(x), Data(y), shape, Data(a), Pointer(w), Pointer(b), device);
        });

    public static Tensor?[] DytBackward(Tensor input, Tensor gradOutput, Tensor alpha, Tensor? weight, bool hasBias, bool needsDx) =>
        PointwiseBackward(input, gradOutput, alpha, shift: null, weight, hasBias, needsDx,
            (x, dy, dx, shape, type, device, g) =>
            {
                var bytes = CudaDyt.WorkspaceBytes(type, shape, device);
                using var workspace = empty(System.Math.Max(bytes, 1), ScalarType.Byte, x.device);
                using var a = Float32(alpha)!;
                using var w = Float32(weight);
                CudaDyt.Backward(type, Data(x), Data(dy), Data(dx), shape, Data(a), Pointer(w), Pointer(g.DWeight), Pointer(g.DBias),
                    Data(g.DAlpha), Data(workspace), bytes, device);
            });

    public static Tensor DerfForward(Tensor input, Tensor alpha, Tensor shift, Tensor? weight, Tensor? bias) =>
        Forward(input, (x, y, shape, type, device) =>
        {
            using var a = Float32(alpha)!;
            using var s = Float32(shift)!;
            using var w = Float32(weight);
            using var b = Float32(bias);
            CudaDerf.Forward(type, Data(x), Data(y), shape, Data(a), Data(s), Pointer(w), Pointer(b), device);
        });

    public static Tensor?[] DerfBackward(Tensor input, Tensor gradOutput, Tensor alpha, Tensor shift, Tensor? weight, bool hasBias,
        bool needsDx) =>
        PointwiseBackward(input, gradOutput, alpha, shift, weight, hasBias, needsDx,
            (x, dy, dx, shape, type, device, g) =>
            {
                var bytes = CudaDerf.WorkspaceBytes(type, shape, device);
                using var workspace = empty(System.Math.Max(bytes, 1), ScalarType.Byte, x.device);
                using var a = Float32(alpha)!;
                using var s = Float32(shift)!;
                using var w = Float32(weight);
                CudaDerf.Backward(type, Data(x), Data(dy), Data(dx), shape, Data(a), Data(s), Pointer(w), Pointer(g.DWeight),
                    Pointer(g.DBias), Data(g.DAlpha), Pointer(g.DShift), Data(workspace), bytes, device);
            });

    public static Tensor RmsNormForward(Tensor input, Tensor weight, double eps) =>
        Forward(input, (x, y, shape, type, device) =>
        {
            using var w = Float32(weight)!;
            CudaRmsNorm.Forward(type, Data(x), Data(y), shape, Data(w), (float)eps, device);
        });

    public static Tensor?[] RmsNormBackward(Tensor input, Tensor gradOutput, Tensor weight, double eps, bool needsDx)
    {
        using var x = input.contiguous();
        using var dy = gradOutput.to(x.dtype).contiguous();
        var dx = empty_like(x);
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        var dweight = Zeros(shape.Channels, x.device);
        if (shape.Elements > 0)
        {
            var (type, device) = (TensorPointers.ElementType(x.dtype)!.Value, (int)x.device_index);
            var bytes = CudaRmsNorm.WorkspaceBytes(type, shape, device);
            using var workspace = empty(System.Math.Max(bytes, 1), ScalarType.Byte, x.device);
            using var w = Float32(weight)!;
            CudaRmsNorm.Backward(type, Data(x), Data(dy), Data(dx), shape, Data(w), (float)eps, Data(dweight), Data(workspace), bytes, device);
        }
        return [KeptIf(needsDx, dx), CastLike(dweight, weight)];
    }

    private delegate void ForwardLaunch(Tensor x, Tensor y, DytShape shape, DytElementType type, int device);

    private delegate void BackwardLaunch(Tensor x, Tensor dy, Tensor dx, DytShape shape, DytElementType type, int device, Gradients g);

    /// <summary>The float32 gradient buffers of a pointwise norm's parameters, zeroed (the kernels accumulate).</summary>
    private sealed record Gradients(Tensor DAlpha, Tensor? DShift, Tensor? DWeight, Tensor? DBias);

    private static Tensor Forward(Tensor input, ForwardLaunch launch)
    {
        using var x = input.contiguous();
        var y = empty_like(x);
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        if (shape.Elements > 0) launch(x, y, shape, TensorPointers.ElementType(x.dtype)!.Value, (int)x.device_index);
        return y;
    }

    /// <summary>dx, dalpha, dshift (only when there is a shift), dweight, dbias: the parameters' order of the op.</summary>
    private static Tensor?[] PointwiseBackward(Tensor input, Tensor gradOutput, Tensor alpha, Tensor? shift, Tensor? weight, bool hasBias,
        bool needsDx, BackwardLaunch launch)
    {
        using var x = input.contiguous();
        using var dy = gradOutput.to(x.dtype).contiguous();
        var dx = empty_like(x);
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        var g = new Gradients(Zeros(1, x.device), shift is null ? null : Zeros(1, x.device),
            weight is null ? null : Zeros(shape.Channels, x.device), weight is not null && hasBias ? Zeros(shape.Channels, x.device) : null);
        if (shape.Elements > 0) launch(x, dy, dx, shape, TensorPointers.ElementType(x.dtype)!.Value, (int)x.device_index, g);
        var dalpha = CastLike(g.DAlpha, alpha);
        var dweight = g.DWeight is null ? null : CastLike(g.DWeight, weight!);
        var dbias = g.DBias is null ? null : CastLike(g.DBias, weight!);
        var kept = KeptIf(needsDx, dx);
        return shift is null ? [kept, dalpha, dweight, dbias] : [kept, dalpha, CastLike(g.DShift!, shift), dweight, dbias];
    }

    // The CUDA kernels always write dx; an input that does not require grad gets none back (IFusedNormOp.Backward).
    private static Tensor? KeptIf(bool needed, Tensor dx)
    {
        if (needed) return dx;
        dx.Dispose();
        return null;
    }

    private static nint Data(Tensor tensor) => TensorPointers.Data(tensor);
}
