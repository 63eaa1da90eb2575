using System;
using System.Linq;
using DyT.Inference;
using DyT.Runtime.Tests.Models;
using DyT.Norms;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inference;

/// <summary>A folded model computes what the unfolded one did, within 1e-5 in float32, for every norm kind.</summary>
public class NormFoldingParityTests(ITestOutputHelper output)
{
    private const double Float32Tolerance = 1e-5;

    public static TheoryData<string> Kinds => new() { "LayerNorm", "RMSNorm", "DyT", "Derf" };

    private static nn.Module<Tensor, Tensor> Vit(string kind) => kind switch
    {
        "LayerNorm" => new SmallVitLayerNorm(),
        "RMSNorm" => new SmallVitRms(),
        "DyT" => new SmallVitDyT(),
        "Derf" => new SmallVitDerf(),
        _ => throw new ArgumentException(kind),
    };

    private static nn.Module<Tensor, Tensor> Llama(string kind) => kind switch
    {
        "LayerNorm" => new SmallLlamaLayerNorm(),
        "RMSNorm" => new SmallLlamaRms(),
        "DyT" => new SmallLlamaDyT(),
        "Derf" => new SmallLlamaDerf(),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Folded_vit_matches_the_unfolded_one(string kind)
    {
        var model = FoldingFixtures.WithTrainedNorms(Vit(kind));
        using var images = FoldingFixtures.Images();
        using var expected = FoldingFixtures.Run(model, images);

        var result = NormFolding.Fold(model);

        using var actual = FoldingFixtures.Run(model, images);
        var error = FoldingFixtures.MaxAbsError(expected, actual);
        output.WriteLine($"ViT {kind}: max abs error {error:E2} over logits of max abs {expected.abs().max().item<float>():F3}");
        Assert.True(error <= Float32Tolerance, $"ViT {kind}: folded output differs by {error:E3}");
        Assert.Equal(5, result.Folded.Count); // norm1 and norm2 of 2 blocks, and the final norm
        Assert.Empty(result.Kept);
        Assert.All(model.modules().Where(NormAffine.IsFoldableKind), norm => Assert.True(NormAffine.Of(norm).IsEmpty, $"{norm.GetType().Name} kept an affine"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Folded_llama_matches_the_unfolded_one(string kind)
    {
        var model = FoldingFixtures.WithTrainedNorms(Llama(kind));
        using var tokens = FoldingFixtures.Tokens();
        using var expected = FoldingFixtures.Run(model, tokens);

        var result = NormFolding.Fold(model);

        using var actual = FoldingFixtures.Run(model, tokens);
        var error = FoldingFixtures.MaxAbsError(expected, actual);
        output.WriteLine($"LLaMA {kind}: max abs error {error:E2} over logits of max abs {expected.abs().max().item<float>():F3}");
        Assert.True(error <= Float32Tolerance, $"LLaMA {kind}: folded output differs by {error:E3}");
        Assert.Equal(5, result.Folded.Count); // two norms per layer, and model.norm into the untied lm_head
        Assert.Empty(result.Kept);
    }

    [Fact]
    public void A_norm_with_a_bias_gives_a_bias_free_linear_layer_a_bias()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallVitDyT());
        var qkv = (Linear)model.named_modules().Single(m => m.name == "blocks.0.attn.qkv").module;
        qkv.bias = null;
        using var images = FoldingFixtures.Images();
        using var expected = FoldingFixtures.Run(model, images);

        var result = NormFolding.Fold(model);

        using var actual = FoldingFixtures.Run(model, images);
        Assert.True(FoldingFixtures.MaxAbsError(expected, actual) <= Float32Tolerance);
        Assert.Equal(new[] { "blocks.0.attn.qkv" }, result.Folded.SelectMany(f => f.AddedBiases));
        Assert.Contains("blocks.0.attn.qkv.bias", model.state_dict().Keys);
        Assert.NotNull(qkv.bias);
    }

    [Fact]
    public void Folds_in_the_models_dtype()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallVitDerf());
        model.to(ScalarType.Float64);
        using var images = FoldingFixtures.Images().to(ScalarType.Float64);
        using var expected = FoldingFixtures.Run(model, images);

        NormFolding.Fold(model);

        using var actual = FoldingFixtures.Run(model, images);
        Assert.Equal(ScalarType.Float64, actual.dtype);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.True(FoldingFixtures.MaxAbsError(expected, actual) <= 1e-12);
    }

    [Fact]
    public void A_generated_model_inside_another_module_folds_by_its_own_paths()
    {
        var outer = new Wrapper(FoldingFixtures.WithTrainedNorms(new SmallLlamaRms()));
        outer.eval();
        using var tokens = FoldingFixtures.Tokens();
        using var expected = FoldingFixtures.Run(outer, tokens);

        var result = NormFolding.Fold(outer);

        using var actual = FoldingFixtures.Run(outer, tokens);
        Assert.True(FoldingFixtures.MaxAbsError(expected, actual) <= Float32Tolerance);
        var first = result.Folded.Single(f => f.Path == "backbone.model.layers.0.input_layernorm");
        Assert.Equal(new[] { "backbone.model.layers.0.self_attn.q_proj", "backbone.model.layers.0.self_attn.k_proj", "backbone.model.layers.0.self_attn.v_proj" },
            first.LinearPaths);
    }

    [Fact]
    public void Folding_a_folded_model_again_changes_nothing()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallLlamaDyT());
        NormFolding.Fold(model);
        var before = FoldingFixtures.Snapshot(model);

        var again = NormFolding.Fold(model);

        Assert.Empty(again.Folded);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    private sealed class Wrapper : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // Field names are the state-dict keys.
        private readonly nn.Module<Tensor, Tensor> backbone;
#pragma warning restore IDE1006

        public Wrapper(nn.Module<Tensor, Tensor> backbone) : base(nameof(Wrapper))
        {
            this.backbone = backbone;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => backbone.forward(input);
    }
}
