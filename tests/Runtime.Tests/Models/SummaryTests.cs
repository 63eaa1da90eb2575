namespace DyT.Runtime.Tests.Models;

/// <summary>The generated Summary: the module tree with counts that add up to ParameterCount, and the norm facts.</summary>
public class SummaryTests
{
    [Fact]
    public void Llama_summary_shows_the_tree_the_total_and_the_alphas()
    {
        var lines = Llama2_7B_DyT.Summary.Split('\n');

        Assert.Equal("Llama2_7B_DyT: 6,738,415,682", lines[0]);
        Assert.Contains("    embed_scale: 1  (learnable scalar, init sqrt(4096))", lines);
        Assert.Contains("    layers: 32 x 202,383,362 = 6,476,267,584  (LlamaDecoderLayer)", lines);
        Assert.Contains("alpha0 0.8", Llama2_7B_DyT.Summary);
        Assert.Contains("alpha0 0.2", Llama2_7B_DyT.Summary);
    }

    [Fact]
    public void Resnet_summary_names_batch_norm_and_convnext_summary_its_stages()
    {
        Assert.StartsWith("ResNet50: 25,557,032\n", ResNet50.Summary);
        Assert.EndsWith("norm BatchNorm2d (eps 1e-5)\n", ResNet50.Summary);
        Assert.Contains("    2: 11,112,960  (9 blocks of width 384)", ConvNextTinyLayerNorm.Summary);
    }

    [Fact]
    public void Dit_and_vit_summaries_carry_their_norm()
    {
        Assert.EndsWith("norm DyT (alpha0 0.5, no affine), adaLN-Zero off\n", DitXl2DyT.Summary);
        Assert.EndsWith("norm LayerNorm (eps 1e-6)\n", VitBaseLayerNorm.Summary);
    }
}
