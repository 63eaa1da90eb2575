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

    [Fact]
    public void Todays_llama_checkpoints_have_their_published_counts()
    {
        // Meta's and TinyLlama's model cards; Llama 3.2 1B ties its embeddings, so the 128,256 x 2,048 matrix counts once.
        Assert.Equal(1_235_814_400L, DyT.Models.Llama32_1B.ParameterCount);
        Assert.Equal(8_030_261_248L, DyT.Models.Llama31_8B.ParameterCount);
        Assert.Equal(1_100_048_384L, DyT.Models.TinyLlama_1_1B.ParameterCount);
    }

    [Fact]
    public void Todays_llama_checkpoints_declare_the_values_of_their_config_json()
    {
        var llama32 = DyT.Models.Llama32_1B.Declaration;
        var llama31 = DyT.Models.Llama31_8B.Declaration;
        var tiny = DyT.Models.TinyLlama_1_1B.Declaration;

        Assert.Equal((500000.0, 1e-5, true, NormKind.RMSNorm), (llama32.RopeTheta, llama32.NormEps, llama32.TieEmbeddings, llama32.Norm));
        Assert.Equal(new DyT.Blocks.RopeScaling(32, 1, 4, 8192), llama32.RopeScaling);
        Assert.Equal((500000.0, false, 8, 14336L), (llama31.RopeTheta, llama31.TieEmbeddings, llama31.KvHeads, llama31.FfnDim));
        Assert.Equal(new DyT.Blocks.RopeScaling(8, 1, 4, 8192), llama31.RopeScaling);
        Assert.Equal((10000.0, false, 4, 2048), (tiny.RopeTheta, tiny.TieEmbeddings, tiny.KvHeads, tiny.MaxSeqLen));
        Assert.Null(tiny.RopeScaling);
    }
}
