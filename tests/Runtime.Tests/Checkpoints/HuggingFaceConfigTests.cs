using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using DyT.Checkpoints;
using DyT.Declarations;
using DyT.Runtime.Tests.Generation;
using DyT.Runtime.Tests.Models;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>config.json: the presets against the files Meta and TinyLlama publish, every disagreement named, and the writer's round trip.</summary>
public class HuggingFaceConfigTests
{
    public static TheoryData<string> Presets() => ["Llama32_1B", "Llama31_8B", "TinyLlama_1_1B"];

    [Theory]
    [MemberData(nameof(Presets))]
    public void Each_preset_agrees_with_the_config_json_its_checkpoint_is_published_with(string preset)
    {
        var (declaration, published) = Preset(preset);

        Assert.Empty(HuggingFaceConfig.Compare(Json(published), declaration));
    }

    [Fact]
    public void Every_disagreement_is_named_with_the_expected_and_the_given_value()
    {
        // Llama 3.1 8B's file against the Llama 3.2 1B class: a different model on almost every key.
        var mismatches = HuggingFaceConfig.Compare(Json(PublishedConfigs.Llama31_8B), DyT.Models.Llama32_1B.Declaration);

        Assert.Equal(
            ["hidden_size", "intermediate_size", "num_hidden_layers", "head_dim", "tie_word_embeddings", "rope_scaling"],
            mismatches.Select(m => m.Key));
        Assert.Equal("hidden_size: expected 2048 (Dim), got 4096", mismatches[0].ToString());
        Assert.Equal("head_dim: expected 64 (Dim / Heads), got absent (transformers' default 128)", mismatches[3].ToString());
        Assert.Equal("tie_word_embeddings: expected true (TieEmbeddings), got false", mismatches[4].ToString());
        Assert.StartsWith("rope_scaling: expected {\"factor\":32,", mismatches[5].ToString());
        Assert.Contains("got {\"factor\":8.0,", mismatches[5].ToString());
    }

    [Theory]
    [InlineData("rope_theta", "10000.0", "rope_theta: expected 500000 (RopeTheta), got 10000.0")]
    [InlineData("rms_norm_eps", "1e-06", "rms_norm_eps: expected 1e-05 (NormEps), got 1e-06")]
    [InlineData("max_position_embeddings", "8192", "max_position_embeddings: expected 131072 (MaxSeqLen), got 8192")]
    [InlineData("num_key_value_heads", "32", "num_key_value_heads: expected 8 (KvHeads), got 32")]
    [InlineData("vocab_size", "\"128256\"", "vocab_size: expected 128256 (VocabSize), got \"128256\" (not a int64)")]
    [InlineData("model_type", "\"mistral\"", "model_type: expected \"llama\" (a LLaMA), got \"mistral\"")]
    [InlineData("rope_scaling", "{\"type\": \"linear\", \"factor\": 8.0}", "rope_scaling: expected {\"factor\":8,\"high_freq_factor\":4,\"low_freq_factor\":1,\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"} (RopeScalingFactor, RopeLowFreqFactor, RopeHighFreqFactor, RopeOriginalMaxPositions), got {\"type\":\"linear\",\"factor\":8.0}")]
    public void One_changed_key_is_the_one_mismatch(string key, string value, string message)
    {
        var config = Json(PublishedConfigs.Llama31_8B);
        config[key] = JsonNode.Parse(value);

        var mismatch = Assert.Single(HuggingFaceConfig.Compare(config, DyT.Models.Llama31_8B.Declaration));

        Assert.Equal(message, mismatch.ToString());
    }

    [Fact]
    public void Absent_keys_count_as_transformers_defaults_and_say_so()
    {
        var config = Json(PublishedConfigs.TinyLlama_1_1B);
        config.Remove("rms_norm_eps");
        config.Remove("rope_theta");

        var mismatch = Assert.Single(HuggingFaceConfig.Compare(config, DyT.Models.TinyLlama_1_1B.Declaration));

        Assert.Equal("rms_norm_eps: expected 1e-05 (NormEps), got absent (transformers' default 1e-06)", mismatch.ToString());
    }

    [Fact]
    public void A_hugging_face_config_does_not_describe_a_dyt_model()
    {
        var config = HuggingFaceConfig.For(SmallLlamaRms.Declaration);

        var mismatches = HuggingFaceConfig.Compare(config, SmallLlamaDyT.Declaration);

        Assert.Equal(
            ["dyt_generated.norm: expected DyT (Norm), got RMSNorm (no dyt_generated key: a Hugging Face LLaMA)",
             "dyt_generated.embed_scale: expected true (EmbedScale), got false (no dyt_generated key: a Hugging Face LLaMA)"],
            mismatches.Select(m => m.ToString()));
    }

    public static TheoryData<string> Declared() => ["Llama32_1B", "Llama31_8B", "TinyLlama_1_1B", "SmallLlamaDyT", "GenLlamaLayerNorm", "GenLlamaDerf"];

    [Theory]
    [MemberData(nameof(Declared))]
    public void A_written_config_reads_back_as_the_same_model(string name)
    {
        var declaration = Declaration(name);
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Root, "config.json");

        HuggingFaceConfig.Save(declaration, path, ScalarType.BFloat16);

        HuggingFaceConfig.RequireMatch(path, declaration);
        var written = HuggingFaceConfig.Load(path);
        Assert.Equal("bfloat16", written["torch_dtype"]!.GetValue<string>());
        Assert.Equal(HuggingFaceConfig.NeedsDyTKey(declaration), written.ContainsKey(HuggingFaceConfig.DyTKey));
    }

    [Fact]
    public void The_written_config_of_a_preset_has_the_published_values_of_every_llama_config_key()
    {
        var written = Json(HuggingFaceConfig.For(DyT.Models.Llama32_1B.Declaration, ScalarType.BFloat16).ToJsonString());
        var published = Json(PublishedConfigs.Llama32_1B);

        foreach (var key in written.Select(p => p.Key))
            Assert.True(JsonNode.DeepEquals(Normalized(published[key]), Normalized(written[key])), $"{key}: wrote {written[key]?.ToJsonString()}, published {published[key]?.ToJsonString()}");
    }

    [Fact]
    public void A_dyt_model_writes_what_transformers_cannot_know()
    {
        var written = HuggingFaceConfig.For(SmallLlamaDyT.Declaration);

        var section = written[HuggingFaceConfig.DyTKey]!.AsObject();
        Assert.Equal("DyT", section["norm"]!.GetValue<string>());
        Assert.True(section["embed_scale"]!.GetValue<bool>());
        Assert.Equal(SmallLlamaDyT.AlphaInitAttention, section["alpha_init_attention"]!.GetValue<double>());
        Assert.Contains("cannot load these weights", section["note"]!.GetValue<string>());
        Assert.False(written.ContainsKey("rms_norm_eps"));
    }

    [Fact]
    public void Config_text_that_is_not_a_json_object_is_refused_with_the_path()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Root, "config.json");
        File.WriteAllText(path, "[1, 2]");

        Assert.Contains("config.json: expected a JSON object; got Array.", Assert.Throws<System.ArgumentException>(() => HuggingFaceConfig.Load(path)).Message);
        File.WriteAllText(path, "{ hidden_size: ");
        Assert.Contains("config.json: not valid JSON", Assert.Throws<System.ArgumentException>(() => HuggingFaceConfig.Load(path)).Message);
    }

    internal static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static (LlamaDeclaration, string) Preset(string name) => name switch
    {
        "Llama32_1B" => (DyT.Models.Llama32_1B.Declaration, PublishedConfigs.Llama32_1B),
        "Llama31_8B" => (DyT.Models.Llama31_8B.Declaration, PublishedConfigs.Llama31_8B),
        _ => (DyT.Models.TinyLlama_1_1B.Declaration, PublishedConfigs.TinyLlama_1_1B),
    };

    private static LlamaDeclaration Declaration(string name) => name switch
    {
        "SmallLlamaDyT" => SmallLlamaDyT.Declaration,
        "GenLlamaLayerNorm" => GenLlamaLayerNorm.Declaration,
        "GenLlamaDerf" => GenLlamaDerf.Declaration,
        _ => Preset(name).Item1,
    };

    // 32 and 32.0 are the same number: compare numbers by value.
    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create(value.GetValue<double>()),
        JsonObject obj => new JsonObject(obj.Select(p => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(p.Key, Normalized(p.Value)))),
        _ => node?.DeepClone(),
    };
}
