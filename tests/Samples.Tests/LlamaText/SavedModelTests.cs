using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using DyT.Checkpoints;
using LlamaText;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Samples.Tests.LlamaText;

/// <summary>The sample saves each model as Program does, with SavePretrained: a Hugging Face folder for LlamaForCausalLM.</summary>
[Collection(TinyTraining.Collection)]
public sealed class SavedModelTests : System.IDisposable
{
    private static readonly string[] NormKeys = ["input_layernorm", "post_attention_layernorm"];

    // Each saved model is 14 MB: the folders go when the test ends.
    private readonly System.Collections.Generic.List<string> _folders = [];

    public void Dispose()
    {
        foreach (var folder in _folders) Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(NormKind.RMSNorm)]
    [InlineData(NormKind.DyT)]
    [InlineData(NormKind.Derf)]
    public void Config_json_declares_the_sample_model_as_transformers_names_it(NormKind norm)
    {
        using var model = TinyTraining.Create(norm, seed: 4);
        var folder = Save(model);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();

        Assert.Equal("LlamaForCausalLM", (string?)config["architectures"]![0]);
        Assert.Equal("llama", (string?)config["model_type"]);
        Assert.Equal(256, (int)config["hidden_size"]!);
        Assert.Equal(768, (int)config["intermediate_size"]!);
        Assert.Equal(4, (int)config["num_hidden_layers"]!);
        Assert.Equal(4, (int)config["num_attention_heads"]!);
        Assert.Equal(4, (int)config["num_key_value_heads"]!);
        Assert.Equal(64, (int)config["head_dim"]!);
        Assert.Equal(256, (int)config["vocab_size"]!);
        Assert.Equal(256, (int)config["max_position_embeddings"]!);
        Assert.Equal(10000.0, (double)config["rope_theta"]!);
        Assert.False((bool)config["tie_word_embeddings"]!);
        Assert.Equal("silu", (string?)config["hidden_act"]);
        Assert.Equal("float32", (string?)config["torch_dtype"]);
        if (norm == NormKind.RMSNorm)
        {
            // transformers builds exactly this model from the file: no key it does not know.
            Assert.Equal(1e-5, (double)config["rms_norm_eps"]!);
            Assert.Null(config[HuggingFaceConfig.DyTKey]);
        }
        else
        {
            // What transformers cannot express is recorded, so the folder says it is not an RMSNorm LLaMA.
            var dyt = config[HuggingFaceConfig.DyTKey]!.AsObject();
            Assert.Equal(norm.ToString(), (string?)dyt["norm"]);
            Assert.True((bool)dyt["embed_scale"]!);
        }
    }

    [Theory]
    [InlineData(NormKind.RMSNorm)]
    [InlineData(NormKind.DyT)]
    [InlineData(NormKind.Derf)]
    public void The_weights_carry_Hugging_Face_keys_and_load_back_from_the_folder(NormKind norm)
    {
        using var saved = TinyTraining.Create(norm, seed: 4);
        var folder = Save(saved);
        var weights = Path.Combine(folder, "model.safetensors");

        var keys = Safetensors.Load(weights).Keys.ToHashSet();
        Assert.Equal("pt", Safetensors.ReadMetadata(weights)["format"]);
        // Everything but the norms has LlamaForCausalLM's keys, in every norm.
        var projections = keys.Where(key => !NormKeys.Any(key.Contains) && key != "model.norm.weight" && !key.StartsWith("model.norm.")
            && key != "model.embed_scale").ToHashSet();
        Assert.Equal(LlamaForCausalLMKeys().Where(key => !NormKeys.Any(key.Contains) && key != "model.norm.weight").ToHashSet(), projections);
        if (norm == NormKind.RMSNorm) Assert.Equal(LlamaForCausalLMKeys().ToHashSet(), keys);
        else Assert.Contains("model.embed_scale", keys);

        // LoadSafetensors on the folder checks config.json against the class, then loads: the same logits.
        using var other = TinyTraining.Create(norm, seed: 5);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var tokens = torch.tensor(new long[] { 65, 110, 100, 32, 71, 111, 100 }).unsqueeze(0);
        Assert.True((saved.forward(tokens) - other.forward(tokens)).abs().max().item<float>() > 0, "two seeds should give two models");
        other.LoadSafetensors(folder);
        Assert.Equal(0.0, (saved.forward(tokens) - other.forward(tokens)).abs().max().item<float>());
    }

    /// <summary>The state dict of transformers' LlamaForCausalLM with 4 layers and untied embeddings.</summary>
    private static string[] LlamaForCausalLMKeys()
    {
        var layer = new[]
        {
            "input_layernorm.weight", "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight",
            "self_attn.o_proj.weight", "post_attention_layernorm.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight",
        };
        return ["model.embed_tokens.weight", .. Enumerable.Range(0, 4).SelectMany(i => layer.Select(name => $"model.layers.{i}.{name}")),
            "model.norm.weight", "lm_head.weight"];
    }

    private string Save(nn.Module<Tensor, Tensor> model)
    {
        var folder = Directory.CreateTempSubdirectory("llama-text-model").FullName;
        _folders.Add(folder);
        model.SavePretrained(folder);
        return folder;
    }
}
