using DyT.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Bench;

/// <summary>The folded twin of a model, as the inference harnesses time it next to the model itself.</summary>
internal static class FoldedTwin
{
    /// <summary>
    /// A new model from <paramref name="create"/> holding <paramref name="model"/>'s weights, in evaluation mode, with
    /// <see cref="NormFolding.Fold"/> applied. <paramref name="model"/> itself is left as it was.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Of(nn.Module<Tensor, Tensor> model, Func<nn.Module<Tensor, Tensor>> create)
    {
        var folded = Copy(model, create);
        NormFolding.Fold(folded);
        return folded;
    }

    /// <summary>
    /// A new model from <paramref name="create"/> holding <paramref name="model"/>'s weights, in evaluation mode,
    /// unfolded: what a folded twin is compared with when <paramref name="model"/> itself was built or trained long
    /// before (in `--llama-step` such a copy ran 1.009-1.020x the trained original, without any folding).
    /// </summary>
    public static nn.Module<Tensor, Tensor> Copy(nn.Module<Tensor, Tensor> model, Func<nn.Module<Tensor, Tensor>> create)
    {
        var copy = create();
        copy.load_state_dict(model.state_dict());
        copy.eval();
        return copy;
    }
}
