namespace DyT.Runtime.Tests.Models;

/// <summary>The presets in DyT.Models: published counts plus exactly the DyT scalars.</summary>
public class PresetTests
{
    [Fact]
    public void Presets_have_the_published_counts_plus_their_dyt_scalars()
    {
        Assert.Equal(6_738_415_616L + 66, DyT.Models.Llama2_7B.ParameterCount);
        Assert.Equal(675_129_632L + 57, DyT.Models.DitXl2.ParameterCount);
        Assert.Equal(28_589_128L + 23, DyT.Models.ConvNextTiny.ParameterCount);
        Assert.Equal(25_557_032L, DyT.Models.ResNet50.ParameterCount);
        Assert.Equal(0.6, DyT.Models.Llama2_13B.AlphaInitAttention);
    }

    [Fact]
    public void Llama2_13b_matches_metas_count_plus_its_dyt_scalars()
    {
        // Meta's 13B: 13,015,864,320 with RMSNorm; 40 layers x 2 + 1 norms + embed_scale.
        Assert.Equal(13_015_864_320L + 81 + 1, DyT.Models.Llama2_13B.ParameterCount);
    }
}
