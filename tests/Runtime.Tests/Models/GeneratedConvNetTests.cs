using System.Linq;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Models;

public class GeneratedConvNetTests
{
    [Fact]
    public void Counts_equal_the_instantiated_modules()
    {
        Assert.Equal(SmallConvNextDyT.ParameterCount, TensorAssert.ParameterCount(new SmallConvNextDyT()));
        Assert.Equal(SmallConvNextLayerNorm.ParameterCount, TensorAssert.ParameterCount(new SmallConvNextLayerNorm()));
        Assert.Equal(SmallResNetBatchNorm.ParameterCount, TensorAssert.ParameterCount(new SmallResNetBatchNorm()));
        Assert.Equal(SmallResNetDyT.ParameterCount, TensorAssert.ParameterCount(new SmallResNetDyT()));
        // ConvNeXt: stem 1 + downsample 1 + blocks 3 + head 1 norms; ResNet: bn1 + 3 x 3 + 2 downsample norms.
        Assert.Equal(SmallConvNextLayerNorm.ParameterCount + 6, SmallConvNextDyT.ParameterCount);
        Assert.Equal(SmallResNetBatchNorm.ParameterCount + 12, SmallResNetDyT.ParameterCount);
    }

    [Fact]
    public void Convnext_keys_are_timms()
    {
        var keys = new SmallConvNextLayerNorm().state_dict().Keys.OrderBy(k => k);

        static string[] Block(int stage, int block) =>
        [
            .. new[] { "conv_dw.weight", "conv_dw.bias", "norm.weight", "norm.bias", "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias", "gamma" }
                .Select(name => $"stages.{stage}.blocks.{block}.{name}"),
        ];
        string[] expected =
        [
            "stem.0.weight", "stem.0.bias", "stem.1.weight", "stem.1.bias",
            .. Block(0, 0),
            "stages.1.downsample.0.weight", "stages.1.downsample.0.bias", "stages.1.downsample.1.weight", "stages.1.downsample.1.bias",
            .. Block(1, 0), .. Block(1, 1),
            "head.norm.weight", "head.norm.bias", "head.fc.weight", "head.fc.bias",
        ];
        Assert.Equal(expected.OrderBy(k => k), keys);
    }

    [Fact]
    public void Convnext_with_dyt_uses_channels_first_dyt_in_the_2d_places()
    {
        var norms = new SmallConvNextDyT().modules().OfType<DynamicTanh>().ToList();

        Assert.Equal(3, norms.Count(norm => norm.Layout == ChannelLayout.First));   // stem, downsample, head
        Assert.Equal(3, norms.Count(norm => norm.Layout == ChannelLayout.Last));    // one per block
    }

    [Fact]
    public void Resnet_keys_are_timms_including_batch_norm_buffers()
    {
        var keys = new SmallResNetBatchNorm().state_dict().Keys.ToHashSet();

        string[] bn = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"];
        string[] expected =
        [
            "conv1.weight", .. bn.Select(b => "bn1." + b),
            .. new[] { "layer1.0", "layer2.0", "layer2.1" }.SelectMany(block => new[] { "conv1.weight", "conv2.weight", "conv3.weight" }
                .Select(conv => $"{block}.{conv}").Concat(new[] { "bn1", "bn2", "bn3" }.SelectMany(n => bn.Select(b => $"{block}.{n}.{b}")))),
            "layer1.0.downsample.0.weight", .. bn.Select(b => "layer1.0.downsample.1." + b),
            "layer2.0.downsample.0.weight", .. bn.Select(b => "layer2.0.downsample.1." + b),
            "fc.weight", "fc.bias",
        ];
        Assert.Equal(expected.OrderBy(k => k), keys.OrderBy(k => k));
        Assert.True(SmallResNetBatchNorm.UsesBatchNorm);
    }

    [Fact]
    public void Resnet_with_dyt_replaces_every_batch_norm()
    {
        var model = new SmallResNetDyT();

        Assert.Empty(model.modules().OfType<TorchSharp.Modules.BatchNorm2d>());
        Assert.Equal(12, model.modules().OfType<DynamicTanh>().Count());
        Assert.Contains("layer2.0.downsample.1.alpha", model.state_dict().Keys);
    }

    [Theory]
    [InlineData(typeof(SmallConvNextDyT))]
    [InlineData(typeof(SmallConvNextLayerNorm))]
    [InlineData(typeof(SmallResNetBatchNorm))]
    [InlineData(typeof(SmallResNetDyT))]
    public void Forward_maps_images_to_logits(System.Type modelType)
    {
        var model = (nn.Module<Tensor, Tensor>)System.Activator.CreateInstance(modelType)!;
        model.eval();

        using var logits = model.forward(randn(2, 3, 64, 64));

        Assert.Equal(new long[] { 2, 10 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
    }
}
