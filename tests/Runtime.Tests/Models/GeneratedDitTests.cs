using System.Linq;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Models;

public class GeneratedDitTests
{
    [Fact]
    public void Counts_equal_the_instantiated_modules_and_dyt_adds_one_alpha_per_norm()
    {
        Assert.Equal(SmallDitDyT.ParameterCount, TensorAssert.ParameterCount(new SmallDitDyT()));
        Assert.Equal(SmallDitLayerNorm.ParameterCount, TensorAssert.ParameterCount(new SmallDitLayerNorm()));
        Assert.Equal(SmallDitLayerNorm.ParameterCount + 2 * 2 + 1, SmallDitDyT.ParameterCount);
    }

    [Fact]
    public void State_dict_keys_are_facebookresearch_dits()
    {
        var keys = new SmallDitLayerNorm().state_dict().Keys.OrderBy(k => k);

        string[] expected =
        [
            "x_embedder.proj.weight", "x_embedder.proj.bias", "t_embedder.mlp.0.weight", "t_embedder.mlp.0.bias",
            "t_embedder.mlp.2.weight", "t_embedder.mlp.2.bias", "y_embedder.embedding_table.weight", "pos_embed",
            .. Enumerable.Range(0, 2).SelectMany(i => new[]
            {
                $"blocks.{i}.attn.qkv.weight", $"blocks.{i}.attn.qkv.bias", $"blocks.{i}.attn.proj.weight", $"blocks.{i}.attn.proj.bias",
                $"blocks.{i}.mlp.fc1.weight", $"blocks.{i}.mlp.fc1.bias", $"blocks.{i}.mlp.fc2.weight", $"blocks.{i}.mlp.fc2.bias",
                $"blocks.{i}.adaLN_modulation.1.weight", $"blocks.{i}.adaLN_modulation.1.bias",
            }),
            "final_layer.linear.weight", "final_layer.linear.bias", "final_layer.adaLN_modulation.1.weight", "final_layer.adaLN_modulation.1.bias",
        ];
        Assert.Equal(expected.OrderBy(k => k), keys);
    }

    [Fact]
    public void Dyt_norms_are_tanh_alone_and_adaln_is_not_zeroed()
    {
        var model = new SmallDitDyT();
        var state = model.state_dict();

        Assert.All(model.modules().OfType<DynamicTanh>(), norm => Assert.Null(norm.Weight));
        Assert.Contains("blocks.0.norm1.alpha", state.Keys);
        Assert.False(SmallDitDyT.AdaLnZeroInit);
        Assert.True(state["blocks.0.adaLN_modulation.1.weight"].abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Layer_norm_model_keeps_adaln_zero()
    {
        var state = new SmallDitLayerNorm().state_dict();

        Assert.True(SmallDitLayerNorm.AdaLnZeroInit);
        Assert.Equal(0f, state["blocks.1.adaLN_modulation.1.weight"].abs().sum().item<float>());
        Assert.Equal(0f, state["final_layer.linear.weight"].abs().sum().item<float>());
        Assert.False(state["pos_embed"].requires_grad);
    }

    [Fact]
    public void Forward_maps_latents_timesteps_and_labels_to_the_prediction()
    {
        var model = new SmallDitDyT();
        model.eval();
        using var latents = randn(3, 4, 8, 8);
        using var timesteps = tensor(new long[] { 0, 500, 999 });
        using var labels = tensor(new long[] { 1, 9, SmallDitDyT.NullClass });

        using var output = model.forward(latents, timesteps, labels);

        Assert.Equal(new long[] { 3, 8, 8, 8 }, output.shape);   // learned sigma: 2 x 4 channels
        Assert.False(output.isnan().any().item<bool>());
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    public void Forward_runs_in_the_dtype_the_model_was_moved_to(ScalarType dtype)
    {
        var model = new SmallDitDyT();
        model.to(dtype);
        model.eval();
        using var latents = randn(new long[] { 2, 4, 8, 8 }, dtype);
        using var timesteps = tensor(new long[] { 0, 999 });
        using var labels = tensor(new long[] { 1, SmallDitDyT.NullClass });

        using var output = model.forward(latents, timesteps, labels);

        Assert.Equal(dtype, output.dtype);
        Assert.Equal(new long[] { 2, 8, 8, 8 }, output.shape);
        Assert.False(output.isnan().any().item<bool>());
    }
}
