namespace DyT.Runtime.Tests.Models;

/// <summary>
/// The compile-time ParameterCount against the counts the reference implementations print, and the exact DyT deltas:
/// DyT adds one alpha per norm layer (LLaMA also its embed_scale); where the reference norm has no per-channel
/// parameters (DiT) or the same ones (LayerNorm, BatchNorm), nothing else changes.
/// </summary>
public class PublishedCountTests
{
    [Fact]
    public void Vit_small_and_base_with_layer_norm_match_timm()
    {
        Assert.Equal(22_050_664L, VitSmallLayerNorm.ParameterCount);
        Assert.Equal(86_567_656L, VitBaseLayerNorm.ParameterCount);
    }

    [Fact]
    public void Llama2_7b_with_rms_norm_matches_meta()
    {
        Assert.Equal(6_738_415_616L, Llama2_7B.ParameterCount);
    }

    [Fact]
    public void Llama2_7b_with_dyt_adds_an_alpha_per_norm_and_the_embed_scale_but_drops_no_weight()
    {
        // 32 layers x 2 norms + the final norm = 65 alphas; DyT without bias keeps RMSNorm's weight; + embed_scale.
        Assert.Equal(6_738_415_616L + 65 + 1, Llama2_7B_DyT.ParameterCount);
        Assert.Equal(0.8, Llama2_7B_DyT.AlphaInitAttention);
        Assert.Equal(0.2, Llama2_7B_DyT.AlphaInitFfn);
        Assert.Equal(0.2, Llama2_7B_DyT.AlphaInitFinal);
    }

    [Fact]
    public void Dit_xl2_with_layer_norm_matches_the_reference_print()
    {
        Assert.Equal(675_129_632L, DitXl2.ParameterCount);
    }

    [Fact]
    public void Dit_xl2_with_dyt_adds_one_alpha_per_norm()
    {
        // 28 blocks x 2 norms + norm_final = 57 alphas; the LayerNorms had no affine and neither has DyT here.
        Assert.Equal(675_129_632L + 57, DitXl2DyT.ParameterCount);
    }

    [Fact]
    public void Convnext_tiny_with_layer_norm_matches_timm()
    {
        Assert.Equal(28_589_128L, ConvNextTinyLayerNorm.ParameterCount);
        Assert.Equal(28_589_128L, TensorAssert.ParameterCount(new ConvNextTinyLayerNorm()));
    }

    [Fact]
    public void Convnext_tiny_with_dyt_adds_one_alpha_per_norm()
    {
        // Stem 1 + downsampling 3 + blocks 3 + 3 + 9 + 3 + head 1 = 23 norm layers.
        Assert.Equal(28_589_128L + 23, ConvNextTinyDyT.ParameterCount);
    }

    [Fact]
    public void Resnet50_with_batch_norm_matches_timm()
    {
        Assert.Equal(25_557_032L, ResNet50.ParameterCount);
        Assert.Equal(25_557_032L, TensorAssert.ParameterCount(new ResNet50()));
    }

    [Fact]
    public void Resnet50_with_dyt_adds_one_alpha_per_batch_norm_it_replaces()
    {
        // bn1 + 16 bottlenecks x 3 + 4 downsample norms = 53.
        Assert.Equal(25_557_032L + 53, ResNet50DyT.ParameterCount);
    }
}
