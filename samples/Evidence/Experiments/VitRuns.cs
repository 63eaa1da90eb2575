using System;
using DyT;
using MnistVit;
using TorchSharp;
using static TorchSharp.torch;

namespace Evidence.Experiments;

/// <summary>The four MNIST ViTs of samples/MnistVit, each a generated class whose norm is fixed at compile time.</summary>
internal static class VitRuns
{
    public static readonly NormKind[] Norms = [NormKind.LayerNorm, NormKind.RMSNorm, NormKind.DyT, NormKind.Derf];

    /// <summary>A fresh model; the seed fixes its initial weights.</summary>
    public static nn.Module<Tensor, Tensor> Create(NormKind norm, int seed)
    {
        torch.manual_seed(seed);
        return norm switch
        {
            NormKind.LayerNorm => new MnistVitLayerNorm(),
            NormKind.RMSNorm => new MnistVitRMSNorm(),
            NormKind.DyT => new MnistVitDyT(),
            NormKind.Derf => new MnistVitDerf(),
            _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "expected LayerNorm, RMSNorm, DyT or Derf"),
        };
    }
}
