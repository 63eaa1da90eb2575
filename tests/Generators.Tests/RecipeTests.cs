namespace DyT.Generators.Tests;

/// <summary>The paper's per-family DyT recipe, and what the attribute can change about it.</summary>
public class RecipeTests
{
    private static string Llama(string extra) =>
        Assert.Single(GeneratorHarness.Run($"using DyT;\n[Transformer(Architecture.Llama, Dim = 4096, Depth = 1, Heads = 32, VocabSize = 10{extra})] public partial class M {{ }}").Files).Value;

    [Fact]
    public void A_dyt_llama_takes_its_alphas_from_the_width_table_and_says_why()
    {
        var source = Llama(", Norm = NormKind.DyT");

        Assert.Contains("public const double AlphaInitAttention = 0.8;", source);
        Assert.Contains("public const double AlphaInitFfn = 0.2;", source);
        Assert.Contains("public const double AlphaInitFinal = 0.2;", source);
        Assert.Contains("// Alphas: attention, FFN, final from the paper Table 11, width 4096: attention 0.8, FFN and final 0.2.", source);
        Assert.Contains("embed_scale = new global::TorchSharp.Modules.Parameter(global::TorchSharp.torch.full(1, 64.0,", source);
    }

    [Theory]
    [InlineData(5120, "// Alphas: attention, FFN, final from the authors' LLaMA-13B setting, width 5120: attention 0.6, FFN and final 0.15.")]
    [InlineData(4608, "// Alphas: attention, FFN, final from the authors' LLaMA-13B setting, width 4608, mapped up to the table's 5120 row (wider needs smaller alpha): attention 0.6, FFN and final 0.15.")]
    [InlineData(6144, "// Alphas: attention, FFN, final from the paper Table 11, width 6144, mapped up to the table's 8192 row (wider needs smaller alpha): attention 0.2, FFN and final 0.05.")]
    public void Width_5120_takes_the_authors_13B_alphas_and_says_so(int width, string comment)
    {
        var source = Assert.Single(GeneratorHarness.Run(
            $"using DyT;\n[Transformer(Architecture.Llama, Dim = {width}, Depth = 1, Heads = 32, VocabSize = 10, Norm = NormKind.DyT)] public partial class M {{ }}").Files).Value;

        Assert.Contains(comment, source);
        if (width <= 5120)
        {
            Assert.Contains("public const double AlphaInitAttention = 0.6;", source);
            Assert.Contains("public const double AlphaInitFfn = 0.15;", source);
            Assert.Contains("public const double AlphaInitFinal = 0.15;", source);
        }
    }

    [Fact]
    public void Written_alphas_win_over_the_table_one_by_one()
    {
        var source = Llama(", Norm = NormKind.DyT, AlphaInitAttention = 0.3");

        Assert.Contains("public const double AlphaInitAttention = 0.3;", source);
        Assert.Contains("public const double AlphaInitFfn = 0.2;", source);
        Assert.Contains("// Alphas: FFN, final from the paper Table 11", source);
    }

    [Fact]
    public void A_written_alpha_init_applies_to_every_norm()
    {
        var source = Llama(", Norm = NormKind.DyT, AlphaInit = 0.7");

        Assert.Contains("public const double AlphaInitFinal = 0.7;", source);
        Assert.Contains("// Alphas: all written in the attribute.", source);
    }

    [Fact]
    public void Embed_scale_follows_dyt_unless_written()
    {
        Assert.DoesNotContain("embed_scale", Llama(", Norm = NormKind.DyT, EmbedScale = false"));
        Assert.Contains("embed_scale", Llama(", Norm = NormKind.RMSNorm, EmbedScale = true"));
        Assert.DoesNotContain("embed_scale", Llama(", Norm = NormKind.Derf"));
    }

    [Fact]
    public void Dit_zero_init_can_be_written_for_dyt()
    {
        var source = Assert.Single(GeneratorHarness.Run(
            "using DyT;\n[Transformer(Architecture.DiT, Dim = 64, Depth = 1, Heads = 4, PatchSize = 2, ImageSize = 8, Norm = NormKind.DyT, AdaLnZeroInit = true)] public partial class M { }").Files).Value;

        Assert.Contains("public const bool AdaLnZeroInit = true;", source);
        Assert.Contains("// adaLN-Zero on as written in the attribute.", source);
        Assert.Contains("new global::DyT.Norms.DynamicTanh(64, alphaInit: 0.5, elementwiseAffine: false)", source);
    }
}
