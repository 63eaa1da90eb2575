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
        var folded = create();
        folded.load_state_dict(model.state_dict());
        folded.eval();
        NormFolding.Fold(folded);
        return folded;
    }
}
