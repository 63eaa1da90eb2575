using System;
using System.Linq;
using DyT.Generators.Parsing;
using DyT.Generators.Specs;

namespace DyT.Generators.Tests;

/// <summary>The generator mirrors runtime enums and attribute defaults by value; these tests keep the two in step.</summary>
public class ContractMirrorTests
{
    [Fact]
    public void Norm_mirror_matches_the_runtime_enum() => AssertSameMembers<DyT.NormKind, Norm>();

    [Fact]
    public void Family_mirror_matches_the_runtime_enum() => AssertSameMembers<DyT.Architecture, TransformerFamily>();

    [Fact]
    public void Conv_family_mirror_matches_the_runtime_enum() => AssertSameMembers<DyT.ConvArchitecture, ConvFamily>();

    [Fact]
    public void Generator_defaults_match_the_convnet_attribute_initializers()
    {
        var attribute = new DyT.ConvNetAttribute(DyT.ConvArchitecture.ConvNeXt);

        Assert.Empty(attribute.Depths);   // empty means the family's reference list
        Assert.Empty(attribute.Dims);
        Assert.Equal(ConvNetDefaults.InChannels, attribute.InChannels);
        Assert.Equal(ConvNetDefaults.NumClasses, attribute.NumClasses);
        Assert.Equal(ConvNetDefaults.Norm, (int)attribute.Norm);
        Assert.Equal(ConvNetDefaults.AlphaInit, attribute.AlphaInit);
        Assert.Equal(ConvNetDefaults.LayerScaleInit, attribute.LayerScaleInit);
    }

    [Fact]
    public void Generator_defaults_match_the_attribute_initializers()
    {
        var attribute = new DyT.TransformerAttribute(DyT.Architecture.ViT);

        Assert.Equal(TransformerDefaults.Dim, attribute.Dim);
        Assert.Equal(TransformerDefaults.Depth, attribute.Depth);
        Assert.Equal(TransformerDefaults.Heads, attribute.Heads);
        Assert.Equal(TransformerDefaults.MlpRatio, attribute.MlpRatio);
        Assert.Equal(TransformerDefaults.Norm, (int)attribute.Norm);
        Assert.Equal(TransformerDefaults.AlphaInit, attribute.AlphaInit);
        Assert.Equal(TransformerDefaults.PatchSize, attribute.PatchSize);
        Assert.Equal(TransformerDefaults.ImageSize, attribute.ImageSize);
        Assert.Equal(TransformerDefaults.InChannels, attribute.InChannels);
        Assert.Equal(TransformerDefaults.NumClasses, attribute.NumClasses);
        Assert.Equal(TransformerDefaults.VocabSize, attribute.VocabSize);
        Assert.Equal(TransformerDefaults.MaxSeqLen, attribute.MaxSeqLen);
        Assert.Equal(TransformerDefaults.LearnSigma, attribute.LearnSigma);
        Assert.Equal(0, attribute.FfnDim);    // 0: LLaMA's rule
        Assert.Equal(0, attribute.KvHeads);   // 0: one per head
        Assert.True(double.IsNaN(attribute.AlphaInitAttention) && double.IsNaN(attribute.AlphaInitFfn) && double.IsNaN(attribute.AlphaInitFinal));
    }

    private static void AssertSameMembers<TRuntime, TMirror>() where TRuntime : struct, Enum where TMirror : struct, Enum
    {
        var runtime = Enum.GetValues<TRuntime>().Select(value => (value.ToString(), Convert.ToInt32(value)));
        var mirror = Enum.GetValues<TMirror>().Select(value => (value.ToString(), Convert.ToInt32(value)));
        Assert.Equal(runtime, mirror);
    }
}
