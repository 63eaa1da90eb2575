using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cpu.Pointwise;
using static DyT.Kernels.Torch.ParameterTensors;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// The CPU kernel of a pointwise norm <c>weight * f(alpha * x + shift) + bias</c> on TorchSharp tensors: makes inputs
/// contiguous, hands their pointers to <see cref="PointwiseKernel{TF}"/>, and returns the gradients in the parameters'
/// dtypes. Parameters travel to the kernel as float32 (they are C elements); a null shift means none (DyT).
/// </summary>
internal static unsafe class PointwiseOp<TF> where TF : struct, IPointwiseFunction
{
    public static Tensor Forward(Tensor input, Tensor alpha, Tensor? shift, Tensor? weight, Tensor? bias, bool channelsFirst)
    {
        using var x = input.contiguous();
        var shape = CpuKernels.ShapeOf(x, channelsFirst);
        using var w = Float32(weight);
        using var b = Float32(bias);
        var scalars = Scalars(alpha, shift);
        LibTorchOpenMp.EnsureAttached();
        var y = OutputBuffers.LikeInput(x);
        if (shape.Elements == 0) return y;
        PointwiseKernel<TF>.Forward(TensorPointers.ElementType(x.dtype)!.Value, (void*)TensorPointers.Data(x), (void*)TensorPointers.Data(y),
            shape, scalars, (float*)Pointer(w), (float*)Pointer(b));
        return y;
    }

    /// <summary>dx, dalpha, dshift (null without shift), dweight and dbias (null where the layer has none).</summary>
    public static (Tensor? Dx, Tensor DAlpha, Tensor? DShift, Tensor? DWeight, Tensor? DBias) Backward(
        Tensor input, Tensor gradOutput, Tensor alpha, Tensor? shift, Tensor? weight, bool hasBias, bool channelsFirst, bool needsDx)
    {
        using var x = input.contiguous();
        using var dy = gradOutput.to(x.dtype).contiguous();
        var shape = CpuKernels.ShapeOf(x, channelsFirst);
        var dweight = weight is null ? null : Zeros(shape.Channels, x.device);
        var dbias = weight is not null && hasBias ? Zeros(shape.Channels, x.device) : null;
        var dalphaBuffer = ScalarBuffer(alpha);
        var dshiftBuffer = shift is null ? null : ScalarBuffer(shift);
        using var w = Float32(weight);
        var scalars = Scalars(alpha, shift);
        LibTorchOpenMp.EnsureAttached();
        var dx = needsDx ? OutputBuffers.LikeInput(x) : null;
        var (dalpha, dshift) = (0.0, 0.0);
        if (shape.Elements > 0)
            (dalpha, dshift) = PointwiseKernel<TF>.Backward(TensorPointers.ElementType(x.dtype)!.Value, (void*)TensorPointers.Data(x),
                (void*)TensorPointers.Data(dy), (void*)Pointer(dx), shape, scalars, (float*)Pointer(w),
                (float*)Pointer(dweight), (float*)Pointer(dbias));
        return (dx, FillScalar(dalphaBuffer, dalpha, alpha), shift is null ? null : FillScalar(dshiftBuffer!, dshift, shift),
            dweight is null ? null : CastLike(dweight, weight!), dbias is null ? null : CastLike(dbias, weight!));
    }

    private static PointwiseScalars Scalars(Tensor alpha, Tensor? shift) =>
        new(HostScalar(alpha), shift is null ? 0f : HostScalar(shift));
}
