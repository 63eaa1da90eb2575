using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// A replacement norm is made float32, on the CPU and in training mode, but the norm it replaces may sit in a model
/// already moved to float64, bfloat16 or a GPU, or put in eval mode: left so, the model would hold a module on another
/// device (its forward fails), parameters of another dtype than the checkpoint's, and a module in training mode inside
/// an eval() model. So each replacement takes the dtype, device and mode of the norm it replaces.
/// </summary>
internal static class ReplacementSettings
{
    /// <summary>
    /// Moves <paramref name="replacement"/> to the dtype and device of <paramref name="norm"/>'s first floating-point
    /// parameter or buffer (a BatchNorm's running mean when it has no affine parameters) or, for a norm without any (a
    /// LayerNorm without elementwise affine, as DiT's), of <paramref name="holder"/>'s, the module holding the norm; and
    /// sets its training mode to the norm's.
    /// </summary>
    public static void TakeFrom(nn.Module replacement, nn.Module norm, nn.Module holder)
    {
        if ((FirstFloatingTensor(norm) ?? FirstFloatingTensor(holder)) is { } like)
            replacement.to(like.device, like.dtype);
        replacement.train(norm.training);
    }

    // Floating-point only: a BatchNorm's num_batches_tracked is an Int64 buffer, and integer tensors say nothing about
    // the dtype the parameters should have.
    private static Tensor? FirstFloatingTensor(nn.Module module) =>
        module.parameters().Cast<Tensor>().Concat(module.buffers()).FirstOrDefault(tensor => tensor.is_floating_point());
}
