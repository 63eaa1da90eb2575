using System.Linq;
using DyT.Declarations;

namespace DyT.Runtime.Tests.Models;

/// <summary>
/// Every generated model carries its declaration: the values in effect (defaults, the recipe, the width table), which
/// must describe the module that was built, since checkpoint checks and the export trust it.
/// </summary>
public class DeclarationTests
{
    [Fact]
    public void A_llama_declaration_describes_the_built_modules()
    {
        using var model = new SmallLlamaDyT();
        var declaration = SmallLlamaDyT.Declaration;
        Assert.Same(declaration, ((IDeclaredModel)model).Declaration);
        Assert.Equal("Llama", declaration.Family);
        Assert.Equal(nameof(SmallLlamaDyT), declaration.ModelName);
        Assert.Equal(SmallLlamaDyT.ParameterCount, declaration.ParameterCount);

        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal(new long[] { declaration.VocabSize, declaration.Dim }, parameters["model.embed_tokens.weight"]);
        Assert.Equal(new long[] { declaration.FfnDim, declaration.Dim }, parameters["model.layers.0.mlp.gate_proj.weight"]);
        var headDim = declaration.Dim / declaration.Heads;
        Assert.Equal(new long[] { declaration.KvHeads * headDim, declaration.Dim }, parameters["model.layers.0.self_attn.k_proj.weight"]);
        Assert.Equal(declaration.Depth, parameters.Keys.Count(key => key.EndsWith(".input_layernorm.alpha")));
        Assert.Equal(declaration.EmbedScale, parameters.ContainsKey("model.embed_scale"));
        Assert.Equal(SmallLlamaDyT.AlphaInitAttention, declaration.AlphaInitAttention);
        Assert.Equal(SmallLlamaDyT.AlphaInitFinal, declaration.AlphaInitFinal);
    }

    [Fact]
    public void Norms_without_alpha_declare_none()
    {
        Assert.Null(SmallLlamaRms.Declaration.AlphaInitAttention);
        Assert.Equal(NormKind.RMSNorm, SmallLlamaRms.Declaration.Norm);
        Assert.False(SmallLlamaRms.Declaration.EmbedScale);
        Assert.Null(SmallResNetBatchNorm.Declaration.Norm);
        Assert.Null(SmallResNetBatchNorm.Declaration.AlphaInit);
        Assert.Equal(NormKind.DyT, SmallResNetDyT.Declaration.Norm);
    }

    [Fact]
    public void Every_family_declares_its_shapes()
    {
        Assert.Equal(("ViT", 192, 12, 3), (VitTinyDyT.Declaration.Family, VitTinyDyT.Declaration.Dim, VitTinyDyT.Declaration.Depth, VitTinyDyT.Declaration.Heads));
        Assert.Equal(0.5, VitTinyDyT.Declaration.AlphaInit);
        Assert.Equal("DiT", SmallDitDyT.Declaration.Family);
        Assert.False(SmallDitDyT.Declaration.AdaLnZeroInit);   // the paper removes adaLN-Zero for DyT
        Assert.True(SmallDitLayerNorm.Declaration.AdaLnZeroInit);
        Assert.Equal(SmallConvNextDyT.Declaration.Depths.Count, SmallConvNextDyT.Declaration.Dims.Count);
        using var convNext = new SmallConvNextDyT();
        var stem = convNext.named_parameters().First(p => p.name == "stem.0.weight").parameter;
        Assert.Equal(SmallConvNextDyT.Declaration.Dims[0], stem.shape[0]);
    }
}
