using System;
using System.Linq;
using DyT.Blocks;
using DyT.Runtime.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

/// <summary>
/// The reference convolution inits: timm's ResNet (Kaiming normal over fan-out, each bottleneck's last norm at zero
/// weight), timm's ConvNeXt (truncated normal, std 0.02, zero bias) and DiT's patch projection (xavier uniform).
/// </summary>
[Collection(SeededTests.Name)]
public class ConvolutionInitTests
{
    [Fact]
    public void KaimingFanOut_draws_a_zero_mean_normal_with_std_sqrt_2_over_fan_out()
    {
        manual_seed(1);
        var conv = WeightInit.KaimingFanOut(nn.Conv2d(256, 64, 3, bias: false)); // fan-out 64 x 9 = 576
        using var weight = conv.weight.detach();
        var expected = Math.Sqrt(2.0 / 576);

        Assert.Equal(expected, weight.std().item<float>(), expected * 0.02); // 147,456 draws: 2% is > 10 standard errors
        Assert.True(Math.Abs(weight.mean().item<float>()) < expected * 0.02);
    }

    [Fact]
    public void A_generated_resnet_starts_each_bottleneck_at_its_shortcut_whatever_its_norm()
    {
        foreach (nn.Module model in new nn.Module[] { new SmallResNetBatchNorm(), new SmallResNetDyT() })
        {
            var weights = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var last = weights.Where(p => p.Key.EndsWith(".bn3.weight", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, last.Count); // stages of 1 and 2 blocks
            Assert.All(last, p => Assert.Equal(0, p.Value.abs().max().item<float>()));
            Assert.Equal(1, weights["bn1.weight"].min().item<float>()); // other norms keep weight 1
            Assert.Equal(1, weights["layer1.0.bn2.weight"].min().item<float>());
        }
    }

    [Fact]
    public void A_generated_convnext_draws_every_convolution_from_a_truncated_normal_with_zero_bias()
    {
        manual_seed(2);
        var model = new SmallConvNextLayerNorm();
        var convolutions = model.named_modules().Where(m => m.module is Conv2d).Select(m => (Conv2d)m.module).ToList();
        Assert.Equal(1 + 1 + 3, convolutions.Count); // stem, one downsample, a depthwise conv per block

        using var all = cat(convolutions.Select(c => c.weight.detach().flatten()).ToArray());
        // A normal truncated at two standard deviations keeps 0.88 of its std; nothing lies beyond 2 x 0.02.
        Assert.Equal(0.02 * 0.88, all.std().item<float>(), 0.02 * 0.88 * 0.05);
        Assert.True(all.abs().max().item<float>() <= 0.04f);
        Assert.All(convolutions, c => Assert.Equal(0, c.bias!.abs().max().item<float>()));
    }

    [Fact]
    public void A_generated_dit_draws_its_patch_projection_xavier_uniform_over_the_flattened_weight()
    {
        manual_seed(3);
        var weights = new SmallDitDyT().named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var weight = weights["x_embedder.proj.weight"].detach();   // (64, 4, 2, 2): fan-in 16, fan-out 64
        var bound = Math.Sqrt(6.0 / (16 + 64));

        Assert.True(weight.abs().max().item<float>() <= bound);
        Assert.Equal(bound / Math.Sqrt(3), weight.std().item<float>(), bound / Math.Sqrt(3) * 0.06); // uniform's std
        Assert.Equal(0, weights["x_embedder.proj.bias"].abs().max().item<float>());
    }
}
