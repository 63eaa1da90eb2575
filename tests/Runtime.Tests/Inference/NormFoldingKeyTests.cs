using System.Linq;
using DyT.Checkpoints;
using DyT.Inference;
using DyT.Runtime.Tests.Checkpoints;
using DyT.Runtime.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inference;

/// <summary>Which norms fold into which layers, the state-dict keys a folded model has, and what its checkpoint loads into.</summary>
public class NormFoldingKeyTests
{
    [Fact]
    public void Vit_folds_each_block_norm_into_its_projection_and_the_final_norm_into_the_head()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallVitDyT());

        var result = NormFolding.Fold(model);

        Assert.Equal(
            new[]
            {
                "blocks.0.norm1 -> blocks.0.attn.qkv", "blocks.0.norm2 -> blocks.0.mlp.fc1",
                "blocks.1.norm1 -> blocks.1.attn.qkv", "blocks.1.norm2 -> blocks.1.mlp.fc1", "norm -> head",
            },
            result.Folded.Select(f => $"{f.Path} -> {string.Join(", ", f.LinearPaths)}").Order());
        Assert.All(result.Folded, f => Assert.Empty(f.AddedBiases));
    }

    [Fact]
    public void Llama_folds_into_q_k_v_gate_up_and_the_untied_lm_head()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallLlamaRms());

        var result = NormFolding.Fold(model);

        Assert.Equal(
            new[]
            {
                "model.layers.0.input_layernorm -> model.layers.0.self_attn.q_proj, model.layers.0.self_attn.k_proj, model.layers.0.self_attn.v_proj",
                "model.layers.0.post_attention_layernorm -> model.layers.0.mlp.gate_proj, model.layers.0.mlp.up_proj",
                "model.layers.1.input_layernorm -> model.layers.1.self_attn.q_proj, model.layers.1.self_attn.k_proj, model.layers.1.self_attn.v_proj",
                "model.layers.1.post_attention_layernorm -> model.layers.1.mlp.gate_proj, model.layers.1.mlp.up_proj",
                "model.norm -> lm_head",
            },
            result.Folded.Select(f => $"{f.Path} -> {string.Join(", ", f.LinearPaths)}").Order());
    }

    [Theory]
    [InlineData("LayerNorm", new string[0])]
    [InlineData("DyT", new[] { "alpha" })]
    [InlineData("Derf", new[] { "alpha", "shift" })]
    public void Folded_vit_loses_its_norm_weights_and_biases_and_keeps_the_scalars(string kind, string[] kept)
    {
        nn.Module<Tensor, Tensor> model = kind switch
        {
            "LayerNorm" => new SmallVitLayerNorm(),
            "DyT" => new SmallVitDyT(),
            _ => new SmallVitDerf(),
        };
        model.eval();
        var before = model.state_dict().Keys.ToHashSet();

        NormFolding.Fold(model);

        var norms = new[] { "blocks.0.norm1", "blocks.0.norm2", "blocks.1.norm1", "blocks.1.norm2", "norm" };
        var gone = norms.SelectMany(norm => new[] { $"{norm}.weight", $"{norm}.bias" });
        var expected = before.Except(gone).ToHashSet();
        Assert.Equal(expected.Order(), model.state_dict().Keys.Order());
        Assert.All(norms, norm => Assert.Equal(kept, model.state_dict().Keys.Where(k => k.StartsWith(norm + ".")).Select(k => k[(norm.Length + 1)..]).Order()));
    }

    [Fact]
    public void Folded_llama_loses_its_norm_weights_and_gains_no_bias()
    {
        var model = new SmallLlamaDyT();
        model.eval();
        var before = model.state_dict().Keys.ToHashSet();

        NormFolding.Fold(model);

        var gone = new[] { "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
            "model.layers.1.input_layernorm.weight", "model.layers.1.post_attention_layernorm.weight", "model.norm.weight" };
        Assert.All(gone, key => Assert.Contains(key, before));
        Assert.Equal(before.Except(gone).Order(), model.state_dict().Keys.Order());
        Assert.Contains("model.norm.alpha", model.state_dict().Keys);
    }

    [Fact]
    public void Folded_layernorm_llama_loses_its_norm_weights_and_biases_and_gains_a_bias_on_each_linear_it_folds_into()
    {
        // LayerNorm has a bias to fold and LLaMA's projections and head have none: W b becomes their new bias.
        var model = FoldingFixtures.WithTrainedNorms(new SmallLlamaLayerNorm());
        var before = model.state_dict().Keys.ToHashSet();

        var result = NormFolding.Fold(model);

        var norms = new[] { 0, 1 }.SelectMany(i => new[] { $"model.layers.{i}.input_layernorm", $"model.layers.{i}.post_attention_layernorm" }).Append("model.norm");
        var gone = norms.SelectMany(norm => new[] { $"{norm}.weight", $"{norm}.bias" }).ToList();
        var linears = new[] { 0, 1 }.SelectMany(i => new[] { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "mlp.gate_proj", "mlp.up_proj" }
            .Select(linear => $"model.layers.{i}.{linear}")).Append("lm_head").ToList();
        Assert.All(gone, key => Assert.Contains(key, before));
        Assert.Equal(before.Except(gone).Concat(linears.Select(linear => $"{linear}.bias")).Order(), model.state_dict().Keys.Order());
        Assert.Equal(linears.Order(), result.Folded.SelectMany(f => f.AddedBiases).Order());
    }

    [Fact]
    public void A_tied_lm_head_keeps_the_final_norm_and_the_embedding()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallLlamaDyT());
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var embedding = ((Embedding)modules["model.embed_tokens"]).weight!;
        ((Linear)modules["lm_head"]).weight = embedding; // tie, as TieEmbeddings does: one tensor, two uses
        using var embeddingBefore = embedding.detach().clone();
        using var tokens = FoldingFixtures.Tokens();
        using var expected = FoldingFixtures.Run(model, tokens);

        var result = NormFolding.Fold(model);

        using var actual = FoldingFixtures.Run(model, tokens);
        Assert.True(FoldingFixtures.MaxAbsError(expected, actual) <= 1e-5);
        var kept = Assert.Single(result.Kept);
        Assert.Equal("model.norm", kept.Path);
        Assert.Contains("tied embeddings", kept.Reason);
        Assert.Equal(4, result.Folded.Count);
        Assert.Contains("model.norm.weight", model.state_dict().Keys);
        Assert.True(embedding.SameAs(embeddingBefore), "the token embedding changed");
    }

    [Fact]
    public void A_folded_checkpoint_loads_into_a_folded_model_only()
    {
        var folded = FoldingFixtures.WithTrainedNorms(new SmallVitRms());
        NormFolding.Fold(folded);
        using var file = new TempFile();
        folded.SaveSafetensors(file.Path);
        using var images = FoldingFixtures.Images();

        var anotherFolded = new SmallVitRms();
        anotherFolded.eval();
        NormFolding.Fold(anotherFolded);
        anotherFolded.LoadSafetensors(file.Path);
        var unfolded = new SmallVitRms();

        using var expected = FoldingFixtures.Run(folded, images);
        using var actual = FoldingFixtures.Run(anotherFolded, images);
        Assert.True(actual.SameAs(expected));
        var error = Assert.Throws<CheckpointMismatchException>(() => unfolded.LoadSafetensors(file.Path));
        Assert.Contains("blocks.0.norm1.weight", error.Message);
    }
}
