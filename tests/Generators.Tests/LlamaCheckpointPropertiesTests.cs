using DyT.Generators.Specs;

namespace DyT.Generators.Tests;

/// <summary>
/// The properties that declare today's LLaMA checkpoints (RopeTheta, NormEps, TieEmbeddings, Llama 3.1's rotary
/// scaling): their defaults, how they reach the spec, the emitted code and the compile-time count.
/// </summary>
public class LlamaCheckpointPropertiesTests
{
    private static LlamaSpec Spec(string arguments) =>
        Assert.IsType<LlamaSpec>(GeneratorHarness.Read($"using DyT;\n[Transformer(Architecture.Llama, Dim = 64, Heads = 4, VocabSize = 100{arguments})] public partial class M {{ }}").Spec);

    private static string Source(string arguments) =>
        Assert.Single(GeneratorHarness.Run($"using DyT;\n[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, VocabSize = 100{arguments})] public partial class M {{ }}").Files).Value;

    [Fact]
    public void Unwritten_they_take_the_attribute_defaults_llama_2s_values_and_no_scaling()
    {
        var attribute = new TransformerAttribute(Architecture.Llama);

        var spec = Spec("");

        Assert.Equal((10000.0, 1e-5, false), (attribute.RopeTheta, attribute.NormEps, attribute.TieEmbeddings));
        Assert.Equal((attribute.RopeTheta, attribute.NormEps, attribute.TieEmbeddings), (spec.RopeTheta, spec.NormEps, spec.TieEmbeddings));
        Assert.Equal((0.0, 0.0, 0.0, 0), (attribute.RopeScalingFactor, attribute.RopeLowFreqFactor, attribute.RopeHighFreqFactor, attribute.RopeOriginalMaxPositions));
        Assert.Null(spec.RopeScaling);
    }

    [Fact]
    public void Written_they_reach_the_spec()
    {
        var spec = Spec(", RopeTheta = 500000, NormEps = 1e-6, TieEmbeddings = true, RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192");

        Assert.Equal((500000.0, 1e-6, true), (spec.RopeTheta, spec.NormEps, spec.TieEmbeddings));
        Assert.Equal(new LlamaRopeScaling(8, 1, 4, 8192), spec.RopeScaling);
    }

    [Fact]
    public void Scaling_written_as_zeros_is_off_like_the_default()
    {
        Assert.Null(Spec(", RopeScalingFactor = 0, RopeLowFreqFactor = 0, RopeHighFreqFactor = 0, RopeOriginalMaxPositions = 0").RopeScaling);
    }

    [Fact]
    public void The_rotary_base_and_scaling_go_into_the_rotary_embedding_and_the_declaration()
    {
        var source = Source(", RopeTheta = 500000, RopeScalingFactor = 32, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192");

        Assert.Contains("rotary = new global::DyT.Blocks.RotaryEmbedding(headDim: 16, theta: 500000.0, scaling: Declaration.RopeScaling);", source);
        Assert.Contains("RopeScaling: new global::DyT.Blocks.RopeScaling(factor: 32.0, lowFreqFactor: 1.0, highFreqFactor: 4.0, originalMaxPositions: 8192));", source);
        Assert.Contains("RoPE theta 500000.0 with llama3 scaling (factor 32.0, low/high frequency factors 1.0/4.0, original 8192 positions)", source);
        Assert.DoesNotContain("10000", source);
    }

    [Fact]
    public void Without_scaling_the_declaration_says_null()
    {
        var source = Source("");

        Assert.Contains("RopeScaling: null);", source);
        Assert.Contains("theta: 10000.0, scaling: Declaration.RopeScaling);", source);
    }

    [Theory]
    [InlineData("RMSNorm", "new global::DyT.Norms.RmsNorm(64, eps: 1e-6)", "NormEps: 1e-6,")]
    [InlineData("LayerNorm", "global::TorchSharp.torch.nn.LayerNorm(64, eps: 1e-6)", "NormEps: 1e-6,")]
    [InlineData("DyT", "new global::DyT.Norms.DynamicTanh(64,", "NormEps: null,")]
    public void Norm_eps_goes_into_every_norm_that_has_one_and_the_declaration_says_where_none_is(string norm, string construction, string declared)
    {
        var source = Source($", Norm = NormKind.{norm}, NormEps = 1e-6");

        Assert.Equal(3, Occurrences(source, construction)); // the two of Block and the final one of Decoder
        Assert.Contains(declared, source);
        if (norm != "DyT") Assert.DoesNotContain("eps: 1e-5", source);
    }

    [Fact]
    public void A_tied_model_has_no_lm_head_and_counts_the_matrix_once()
    {
        var tied = Source(", Norm = NormKind.RMSNorm, TieEmbeddings = true");
        var untied = Source(", Norm = NormKind.RMSNorm");

        Assert.DoesNotContain("lm_head =", tied);
        Assert.Contains("global::TorchSharp.torch.nn.functional.linear(model.call(tokens, null), model.TokenEmbeddings)", tied);
        Assert.Contains("\"  lm_head: 0  (tied to model.embed_tokens.weight)\\n\"", tied);
        Assert.Contains("TieEmbeddings: true,", tied);
        Assert.Equal(ParameterCount(untied) - 100 * 64, ParameterCount(tied));
    }

    [Fact]
    public void Every_llama_implements_the_cached_forward_for_generation()
    {
        var source = Source("");

        Assert.Contains("global::DyT.Declarations.IDeclaredModel, global::DyT.Generation.ICausalLanguageModel", source);
        Assert.Contains("public global::TorchSharp.torch.Tensor forward(global::TorchSharp.torch.Tensor tokens, global::DyT.Generation.KvCache cache)", source);
        Assert.Contains("global::DyT.Blocks.RotaryAngles angles = rotary.Angles(start: cache?.Length ?? 0, count: tokens.shape[1], x.dtype, x.device);", source);
    }

    private static long ParameterCount(string source)
    {
        const string prefix = "public const long ParameterCount = ";
        var start = source.IndexOf(prefix, System.StringComparison.Ordinal) + prefix.Length;
        return long.Parse(source[start..source.IndexOf('L', start)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, System.StringComparison.Ordinal)) count++;
        return count;
    }
}
