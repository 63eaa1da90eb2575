using System;
using System.Linq;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Models;

[Collection(SeededTests.Name)]
public class GeneratedVitTests
{
    [Fact]
    public void Vit_tiny_with_layer_norm_has_timms_parameter_count()
    {
        Assert.Equal(5_717_416L, VitTinyLayerNorm.ParameterCount);
        Assert.Equal(5_717_416L, TensorAssert.ParameterCount(new VitTinyLayerNorm()));
    }

    [Fact]
    public void Vit_tiny_with_dyt_adds_one_alpha_per_norm_layer()
    {
        const int normLayers = 12 * 2 + 1;
        Assert.Equal(5_717_416L + normLayers, VitTinyDyT.ParameterCount);
        Assert.Equal(VitTinyDyT.ParameterCount, TensorAssert.ParameterCount(new VitTinyDyT()));
    }

    [Fact]
    public void Preset_counts_equal_the_instantiated_modules()
    {
        Assert.Equal(DyT.Models.VitTiny.ParameterCount, TensorAssert.ParameterCount(new DyT.Models.VitTiny()));
        Assert.Equal(22_050_664L + 25, DyT.Models.VitSmall.ParameterCount);
        Assert.Equal(86_567_656L + 25, DyT.Models.VitBase.ParameterCount);
    }

    [Fact]
    public void Rms_and_derf_counts_equal_the_instantiated_modules()
    {
        Assert.Equal(SmallVitRms.ParameterCount, TensorAssert.ParameterCount(new SmallVitRms()));
        Assert.Equal(SmallVitDerf.ParameterCount, TensorAssert.ParameterCount(new SmallVitDerf()));
    }

    [Fact]
    public void State_dict_keys_are_timms()
    {
        var keys = new SmallVitDyT().state_dict().Keys.ToHashSet();

        string[] expected =
        [
            "patch_embed.proj.weight", "patch_embed.proj.bias", "cls_token", "pos_embed",
            .. Enumerable.Range(0, 2).SelectMany(i => new[]
            {
                $"blocks.{i}.norm1.alpha", $"blocks.{i}.norm1.weight", $"blocks.{i}.norm1.bias",
                $"blocks.{i}.attn.qkv.weight", $"blocks.{i}.attn.qkv.bias", $"blocks.{i}.attn.proj.weight", $"blocks.{i}.attn.proj.bias",
                $"blocks.{i}.norm2.alpha", $"blocks.{i}.norm2.weight", $"blocks.{i}.norm2.bias",
                $"blocks.{i}.mlp.fc1.weight", $"blocks.{i}.mlp.fc1.bias", $"blocks.{i}.mlp.fc2.weight", $"blocks.{i}.mlp.fc2.bias",
            }),
            "norm.alpha", "norm.weight", "norm.bias", "head.weight", "head.bias",
        ];
        Assert.Equal(expected.OrderBy(k => k), keys.OrderBy(k => k));
    }

    [Fact]
    public void Every_norm_is_the_compile_time_kind_with_its_alpha()
    {
        var model = new SmallVitDyT();

        var norms = model.modules().OfType<DynamicTanh>().ToList();
        Assert.Equal(5, norms.Count);
        Assert.All(norms, norm => Assert.Equal(0.8f, norm.Alpha.item<float>()));
        Assert.Empty(model.modules().OfType<TorchSharp.Modules.LayerNorm>());
        Assert.Equal(NormKind.DyT, SmallVitDyT.NormKind);
        Assert.Equal(0.8, SmallVitDyT.AlphaInit);
    }

    [Fact]
    public void Forward_maps_images_to_logits()
    {
        using var logits = new SmallVitDyT().forward(randn(3, 1, 28, 28));

        Assert.Equal(new long[] { 3, 10 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
    }

    [Fact]
    public void Images_of_the_wrong_shape_are_rejected_with_the_expected_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new SmallVitDyT().forward(randn(3, 3, 28, 28)));

        Assert.Contains("expects images of shape (B, 1, 28, 28); got (3, 3, 28, 28)", error.Message);
    }

    [Fact]
    public void A_few_adam_steps_fit_a_fixed_batch()
    {
        manual_seed(1);
        var model = new SmallVitDyT();
        var optimizer = optim.AdamW(model.parameters(), lr: 3e-3);
        using var images = randn(16, 1, 28, 28);
        using var labels = arange(16).remainder(10);

        double Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }
        var first = Step();
        double last = first;
        for (var i = 0; i < 100; i++) last = Step();

        Assert.True(last < first * 0.25, $"loss went from {first} to {last}; expected it to fall below 25% of the start");
    }
}
