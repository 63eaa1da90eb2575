using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Bench;

// ViT-S/16 (timm vit_small_patch16_224), once per norm, declared the way users declare models.
[Transformer(Architecture.ViT, Dim = 384, Depth = 12, Heads = 6, PatchSize = 16, ImageSize = 224, NumClasses = 1000,
    Norm = NormKind.LayerNorm)]
public partial class VitSmallLayerNorm { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 12, Heads = 6, PatchSize = 16, ImageSize = 224, NumClasses = 1000,
    Norm = NormKind.DyT, AlphaInit = 0.5)]
public partial class VitSmallDyT { }

/// <summary>One training step (forward, cross-entropy, backward, AdamW) of ViT-S/16 on a batch of 2 images.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int Batch = 2;
    private Tensor images = null!, labels = null!;
    private nn.Module<Tensor, Tensor> model = null!;
    private optim.Optimizer optimizer = null!;

    /// <summary>The norm the model was generated with.</summary>
    [Params("LayerNorm", "DyT")]
    public string Norm { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        NormalPriority.Restore();
        torch.set_num_threads(Environment.ProcessorCount);
        manual_seed(0);
        model = Norm == "DyT" ? new VitSmallDyT() : new VitSmallLayerNorm();
        optimizer = optim.AdamW(model.parameters(), 1e-4);
        images = randn(Batch, 3, 224, 224);
        labels = randint(0, 1000, Batch);
    }

    [Benchmark]
    public float Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(images), labels);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
