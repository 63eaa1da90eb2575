using System;
using System.Linq;
using DyT.Generators.Diagnostics;
using DyT.Generators.Emit;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Tests;

/// <summary>
/// The one reader: defaults come from the attribute itself, "not written" is null and nothing else, a written value
/// out of range is an error, an undefined enum value is DYT013 and never a default, and each alpha is checked once.
/// </summary>
public class ReaderTests
{
    [Fact]
    public void Unwritten_transformer_properties_take_the_attribute_defaults()
    {
        var attribute = new TransformerAttribute(Architecture.ViT);

        var vit = Assert.IsType<VitSpec>(GeneratorHarness.Read("using DyT;\n[Transformer(Architecture.ViT)] public partial class M { }").Spec);

        Assert.Equal(
            (attribute.Dim, attribute.Depth, attribute.Heads, attribute.MlpRatio, attribute.Norm, attribute.AlphaInit,
                attribute.PatchSize, attribute.ImageSize, attribute.InChannels, attribute.NumClasses),
            (vit.Dim, vit.Depth, vit.Heads, vit.MlpRatio, vit.Norm, vit.AlphaInit, vit.PatchSize, vit.ImageSize, vit.InChannels, vit.NumClasses));
        var llama = Assert.IsType<LlamaSpec>(GeneratorHarness.Read("using DyT;\n[Transformer(Architecture.Llama)] public partial class M { }").Spec);
        Assert.Equal((attribute.VocabSize, attribute.MaxSeqLen), (llama.VocabSize, llama.MaxSeqLen));
        var dit = Assert.IsType<DitSpec>(GeneratorHarness.Read("using DyT;\n[Transformer(Architecture.DiT)] public partial class M { }").Spec);
        Assert.Equal(attribute.LearnSigma, dit.LearnSigma);
    }

    [Fact]
    public void Unwritten_convnet_properties_take_the_attribute_defaults_and_the_reference_stages()
    {
        var attribute = new ConvNetAttribute(ConvArchitecture.ConvNeXt);

        var convNext = Assert.IsType<ConvNextSpec>(GeneratorHarness.Read("using DyT;\n[ConvNet(ConvArchitecture.ConvNeXt)] public partial class M { }").Spec);

        Assert.Equal((attribute.InChannels, attribute.NumClasses, attribute.Norm, attribute.AlphaInit, attribute.LayerScaleInit),
            (convNext.InChannels, convNext.NumClasses, convNext.Norm, convNext.AlphaInit, convNext.LayerScaleInit));
        Assert.Equal(new[] { 3, 3, 9, 3 }, convNext.Depths.ToArray());          // ConvNeXt-T
        Assert.Equal(new[] { 96, 192, 384, 768 }, convNext.Dims.ToArray());
        var resNet = Assert.IsType<ResNetSpec>(GeneratorHarness.Read("using DyT;\n[ConvNet(ConvArchitecture.ResNet)] public partial class M { }").Spec);
        Assert.Equal(new[] { 3, 4, 6, 3 }, resNet.Depths.ToArray());              // ResNet-50
    }

    [Fact]
    public void Not_written_is_null_in_the_spec_and_written_is_the_value()
    {
        var unwritten = Assert.IsType<LlamaSpec>(GeneratorHarness.Read("using DyT;\n[Transformer(Architecture.Llama, Dim = 512, Heads = 8)] public partial class M { }").Spec);
        var written = Assert.IsType<LlamaSpec>(GeneratorHarness.Read(
            "using DyT;\n[Transformer(Architecture.Llama, Dim = 512, Heads = 8, FfnDim = 1000, KvHeads = 2, AlphaInit = 0.9, AlphaInitAttention = 0.7, " +
            "AlphaInitFfn = 0.3, AlphaInitFinal = 0.2, EmbedScale = false)] public partial class M { }").Spec);

        Assert.Null(unwritten.FfnDim);
        Assert.Null(unwritten.KvHeads);
        Assert.Null(unwritten.AlphaInit);
        Assert.Null(unwritten.AlphaInitAttention);
        Assert.Null(unwritten.AlphaInitFfn);
        Assert.Null(unwritten.AlphaInitFinal);
        Assert.Null(unwritten.EmbedScale);
        Assert.Equal((1536L, 8), (unwritten.FfnHidden, unwritten.KvHeadCount));   // LLaMA's rule, one key/value head per head
        Assert.Equal(((int?)1000, (int?)2, (double?)0.9, (double?)0.7, (double?)0.3, (double?)0.2, (bool?)false),
            (written.FfnDim, written.KvHeads, written.AlphaInit, written.AlphaInitAttention, written.AlphaInitFfn, written.AlphaInitFinal, written.EmbedScale));
        Assert.Null(Assert.IsType<ResNetSpec>(GeneratorHarness.Read("using DyT;\n[ConvNet(ConvArchitecture.ResNet)] public partial class M { }").Spec).Norm);
        Assert.Null(Assert.IsType<DitSpec>(GeneratorHarness.Read("using DyT;\n[Transformer(Architecture.DiT)] public partial class M { }").Spec).AdaLnZeroInit);
    }

    [Theory]
    [InlineData("Transformer(Architecture.ViT, Norm = (NormKind)7)")]
    [InlineData("Transformer(Architecture.Llama, Norm = (NormKind)4)")]
    [InlineData("Transformer(Architecture.DiT, Norm = (NormKind)(-1))")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Norm = (NormKind)7)")]
    [InlineData("ConvNet(ConvArchitecture.ResNet, Norm = (NormKind)7)")]
    public void An_undefined_norm_is_DYT013_with_no_spec_and_no_output(string attribute)
    {
        var source = $"using DyT;\n[{attribute}] public partial class M {{ }}";

        var read = GeneratorHarness.Read(source);

        var problem = Assert.Single(read.Problems);
        Assert.Equal((DiagnosticIds.UndefinedEnumValue, "Norm"), (problem.Descriptor.Id, problem.Argument));
        Assert.Contains("Norm must be one of LayerNorm, RMSNorm, DyT, Derf; got (", problem.Message);
        Assert.Null(read.Spec);
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Fact]
    public void An_undefined_norm_that_reached_an_emitter_would_fail_instead_of_becoming_Derf()
    {
        var site = new NormSite((NormKind)7, 64, 0.5, 1e-6);

        Assert.Throws<InvalidOperationException>(() => site.FieldType);
        Assert.Throws<InvalidOperationException>(() => site.Construction);
        Assert.Throws<InvalidOperationException>(() => site.ParameterCount);
        Assert.Throws<InvalidOperationException>(() => site.Description);
    }

    [Fact]
    public void Each_bad_alpha_is_one_problem_on_its_own_argument()
    {
        var read = GeneratorHarness.Read(
            "using DyT;\n[Transformer(Architecture.Llama, AlphaInit = 0, AlphaInitAttention = -1, AlphaInitFfn = double.NaN, AlphaInitFinal = 20)] public partial class M { }");

        Assert.Equal(
            [("AlphaInit", DiagnosticSeverity.Error), ("AlphaInitAttention", DiagnosticSeverity.Error), ("AlphaInitFfn", DiagnosticSeverity.Error), ("AlphaInitFinal", DiagnosticSeverity.Warning)],
            read.Problems.Select(problem => (problem.Argument, problem.Descriptor.DefaultSeverity)).OrderBy(pair => pair.Argument, StringComparer.Ordinal));
        Assert.All(read.Problems, problem => Assert.Equal(DiagnosticIds.InvalidAlpha, problem.Descriptor.Id));
        Assert.Null(read.Spec);
    }

    [Fact]
    public void A_warning_alone_still_generates()
    {
        var read = GeneratorHarness.Read("using DyT;\n[ConvNet(ConvArchitecture.ConvNeXt, AlphaInit = 20)] public partial class M { }");

        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(read.Problems).Descriptor.DefaultSeverity);
        Assert.Equal(20, Assert.IsType<ConvNextSpec>(read.Spec).AlphaInit);
    }

    [Fact]
    public void The_reader_applies_the_norm_override_once_for_the_analyzers_and_leaves_batch_norm_alone()
    {
        var llama = GeneratorHarness.Read("using DyT;\n[Transformer(Architecture.Llama, Norm = NormKind.RMSNorm)] public partial class M { }", normOverride: "DyT");
        var resNet = GeneratorHarness.Read("using DyT;\n[ConvNet(ConvArchitecture.ResNet)] public partial class M { }", normOverride: "DyT");

        Assert.Equal(NormKind.DyT, Assert.IsType<LlamaSpec>(llama.Spec).Norm);
        Assert.Null(Assert.IsType<ResNetSpec>(resNet.Spec).Norm);
    }
}
