using System;
using System.Linq;
using System.Reflection;
using DyT.Inference;
using DyT.Norms;
using DyT.Runtime.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inference;

/// <summary>Folding refuses what it cannot fold exactly, names the paths, and leaves the model as it was.</summary>
public class NormFoldingRefusalTests
{
    [Fact]
    public void Refuses_a_model_in_training_mode()
    {
        var model = new SmallVitDyT(); // a new model is in training mode
        var before = FoldingFixtures.Snapshot(model);

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("call eval()", error.Message);
        Assert.Contains("the model itself", error.Message);
        Assert.Contains("'blocks.0.norm1'", error.Message);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void Refuses_one_submodule_left_in_training_mode()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallLlamaDyT());
        var layer = Assert.Single(model.named_modules(), m => m.name == "model.layers.1.mlp").module;
        layer.train();

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("in training mode: 'model.layers.1.mlp'", error.Message);
        Assert.DoesNotContain("the model itself", error.Message);
    }

    [Fact]
    public void Refuses_a_norm_outside_a_generated_model_naming_it()
    {
        var model = new HandMade();
        model.eval();
        var before = FoldingFixtures.Snapshot(model);

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("'norm' is not inside a generated ViT or LLaMA", error.Message);
        Assert.Contains("Nothing was changed", error.Message);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void Refuses_a_norm_held_in_two_places()
    {
        var model = new SharedNorm();
        model.eval();
        var before = FoldingFixtures.Snapshot(model);

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("shared by 'first', 'second'", error.Message);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void Refuses_a_linear_module_shared_by_two_layers_naming_every_place()
    {
        // Each layer's norm folded into the one shared gate_proj from its original weight; the last fold won and the
        // outputs changed by 0.12.
        var model = FoldingFixtures.WithTrainedNorms(new SmallLlamaRms());
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var field = modules["model.layers.1"].GetType().GetField("mlp", BindingFlags.Instance | BindingFlags.NonPublic)!;
        var shared = (nn.Module)field.GetValue(modules["model.layers.0"])!;
        field.SetValue(modules["model.layers.1"], shared); // layer 1 runs layer 0's SwiGLU (cross-layer sharing)
        modules["model.layers.1"].register_module("mlp", null!);
        modules["model.layers.1"].register_module("mlp", shared);
        model.eval();
        var before = FoldingFixtures.Snapshot(model);

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        foreach (var layer in new[] { 0, 1 })
            Assert.Contains(
                $"'model.layers.{layer}.post_attention_layernorm' should feed SwiGLU's gate and up projections, the Linear layer " +
                $"'model.layers.{layer}.mlp.gate_proj', which is one module held at 'model.layers.0.mlp.gate_proj', 'model.layers.1.mlp.gate_proj'; " +
                "folding it for one place would change the others", error.Message);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void Refuses_convnext_whose_norms_feed_convolutions()
    {
        var model = new SmallConvNextDyT();
        model.eval();
        var before = FoldingFixtures.Snapshot(model);

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("is a channels-first DynamicTanh", error.Message);
        Assert.Contains("feeds layers other than the Linear layers folding knows", error.Message);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void Refuses_a_dit_whose_rmsnorm_weight_feeds_adaln_modulation()
    {
        var model = new SmallDitRmsNorm();
        model.eval();
        var before = FoldingFixtures.Snapshot(model);

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("'blocks.0.norm1' of the generated DiT SmallDitRmsNorm feeds layers other than the Linear layers folding knows", error.Message);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void A_dit_with_affine_free_dyt_has_nothing_to_fold()
    {
        var model = new SmallDitDyT();
        model.eval();
        var before = FoldingFixtures.Snapshot(model);

        var result = NormFolding.Fold(model);

        Assert.Empty(result.Folded);
        Assert.Empty(result.Kept);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void Refuses_when_a_projection_is_not_a_linear_layer_and_changes_no_other_norm()
    {
        var model = FoldingFixtures.WithTrainedNorms(new SmallVitLayerNorm());
        var attention = (nn.Module)Assert.Single(model.named_modules(), m => m.name == "blocks.1.attn").module;
        attention.register_module("qkv", null!);
        attention.register_module("qkv", nn.Identity());
        model.eval();
        var before = FoldingFixtures.Snapshot(model);

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("'blocks.1.norm1' should feed attention's qkv projection, the Linear layer 'blocks.1.attn.qkv', which is Identity", error.Message);
        FoldingFixtures.AssertUnchanged(model, before);
    }

    [Fact]
    public void Refuses_a_batchnorm()
    {
        var model = new SmallResNetBatchNorm();
        model.eval();

        var error = Assert.Throws<ArgumentException>(() => NormFolding.Fold(model));

        Assert.Contains("'bn1' is a BatchNorm2d, which folding does not know", error.Message);
    }

    /// <summary>A LayerNorm before a Linear layer in a module the generator did not write: folding cannot see its forward.</summary>
    private sealed class HandMade : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // Field names are the state-dict keys.
        private readonly nn.Module<Tensor, Tensor> norm = nn.LayerNorm(8);
        private readonly Linear fc = nn.Linear(8, 4);
#pragma warning restore IDE1006

        public HandMade() : base(nameof(HandMade)) => RegisterComponents();

        public override Tensor forward(Tensor input) => fc.forward(norm.forward(input));
    }

    /// <summary>One DyT before two Linear layers.</summary>
    private sealed class SharedNorm : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly DynamicTanh first = new(8);
        private readonly DynamicTanh second;
        private readonly Linear fc = nn.Linear(8, 4);
#pragma warning restore IDE1006

        public SharedNorm() : base(nameof(SharedNorm))
        {
            second = first;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => fc.forward(first.forward(input) + second.forward(input));
    }
}
