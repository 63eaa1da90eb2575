using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Blocks;
using DyT.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

// Hugging Face LLaMA checkpoints from transformers < 4.31 carry <attention>.rotary_emb.inv_freq; the model computes them.
// LlamaAttention declares the key (ILegacyCheckpointKeys) and judges its values; the loaders only ask it.
public class RotaryFrequencyKeyTests
{
    private const string Layer = "model.layers.0";
    private const string Key = Layer + ".self_attn.rotary_emb.inv_freq";

    /// <summary>One LLaMA attention at Hugging Face's path, plus a plain linear layer.</summary>
    private sealed class TinyLlama : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // Field names are the state-dict keys.
        private readonly ModuleList<nn.Module<Tensor, Tensor>> layers;
        private readonly Linear head = nn.Linear(16, 4);
#pragma warning restore IDE1006

        public TinyLlama() : base(nameof(TinyLlama))
        {
            layers = nn.ModuleList<nn.Module<Tensor, Tensor>>(new Layer0());
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => head.forward(layers[0].forward(x));
    }

    private sealed class Layer0 : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly LlamaAttention self_attn = new(16, heads: 2, kvHeads: 2); // head dimension 8, base 10000
#pragma warning restore IDE1006

        public Layer0() : base(nameof(Layer0)) => RegisterComponents();

        public override Tensor forward(Tensor x) => self_attn.forward(x);
    }

    /// <summary>The model wrapped as HF names it: model.layers.0.self_attn...</summary>
    private sealed class Wrapper : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly TinyLlama model = new();
#pragma warning restore IDE1006

        public Wrapper() : base(nameof(Wrapper)) => RegisterComponents();

        public override Tensor forward(Tensor x) => model.forward(x);
    }

    // Hugging Face's inv_freq = 1 / base^(arange(0, d, 2) / d), written out independently in float64.
    private static Tensor HuggingFaceFrequencies(double @base, int headDim = 8) =>
        tensor(Enumerable.Range(0, headDim / 2).Select(i => (float)(1.0 / Math.Pow(@base, 2.0 * i / headDim))).ToArray());

    private static Dictionary<string, Tensor> CheckpointWith(Tensor frequencies)
    {
        var checkpoint = new Wrapper().state_dict().ToDictionary(p => p.Key, p => randn_like(p.Value));
        checkpoint[Key] = frequencies;
        return checkpoint;
    }

    [Fact]
    public void Frequencies_of_the_models_base_are_accepted_and_every_weight_loads()
    {
        var checkpoint = CheckpointWith(HuggingFaceFrequencies(10000));
        var model = new Wrapper();

        model.LoadStateDict(checkpoint);

        Assert.DoesNotContain(Key, model.state_dict().Keys);
        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(checkpoint[key]), $"{key} was not loaded");
    }

    [Fact]
    public void A_generated_llama_loads_a_checkpoint_with_the_frequencies_of_every_layer()
    {
        var model = new Models.SmallLlamaRms(); // dim 64, 4 heads: head dimension 16, two layers
        var checkpoint = model.state_dict().ToDictionary(p => p.Key, p => randn_like(p.Value));
        foreach (var layer in new[] { 0, 1 })
            checkpoint[$"model.layers.{layer}.self_attn.rotary_emb.inv_freq"] = HuggingFaceFrequencies(10000, headDim: 16);

        model.LoadStateDict(checkpoint);

        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(checkpoint[key]), $"{key} was not loaded");
    }

    [Fact]
    public void Frequencies_of_another_base_are_reported_with_the_base_they_imply_and_nothing_loads()
    {
        var checkpoint = CheckpointWith(HuggingFaceFrequencies(1_000_000));
        var model = new Wrapper();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var error = Assert.Throws<CheckpointMismatchException>(() => model.LoadStateDict(checkpoint));

        var problem = Assert.Single(error.Misvalued);
        Assert.Equal(Key, problem.Key);
        Assert.Equal("4 rotary frequencies of base 10000", problem.Expected);
        Assert.Equal("frequencies of base 1000000", problem.Actual);
        Assert.Empty(error.Unexpected);
        Assert.Contains("1 misvalued", error.Message);
        foreach (var (key, value) in model.state_dict()) Assert.True(value.SameAs(before[key]), $"{key} changed");
    }

    [Fact]
    public void Frequencies_of_the_wrong_length_are_misvalued()
    {
        var error = Assert.Throws<CheckpointMismatchException>(() => new Wrapper().LoadStateDict(CheckpointWith(HuggingFaceFrequencies(10000, headDim: 16))));

        Assert.Equal("shape (8)", Assert.Single(error.Misvalued).Actual);
    }

    [Fact]
    public void The_key_under_a_module_that_is_not_a_llama_attention_stays_unexpected()
    {
        var checkpoint = CheckpointWith(HuggingFaceFrequencies(10000));
        checkpoint["model.head.rotary_emb.inv_freq"] = HuggingFaceFrequencies(10000);

        var error = Assert.Throws<CheckpointMismatchException>(() => new Wrapper().LoadStateDict(checkpoint));

        Assert.Equal(new[] { "model.head.rotary_emb.inv_freq" }, error.Unexpected);
        Assert.Empty(error.Misvalued);
    }

    [Fact]
    public void A_safetensors_file_with_the_frequencies_loads_and_one_with_another_base_is_refused()
    {
        using var good = new TempFile();
        using var bad = new TempFile();
        var checkpoint = CheckpointWith(HuggingFaceFrequencies(10000));
        Safetensors.Save(checkpoint, good.Path);
        Safetensors.Save(CheckpointWith(HuggingFaceFrequencies(500000).to(ScalarType.BFloat16)), bad.Path);
        var model = new Wrapper();

        model.LoadSafetensors(good.Path);
        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(checkpoint[key]), $"{key} was not loaded");

        var error = Assert.Throws<CheckpointMismatchException>(() => new Wrapper().LoadSafetensors(bad.Path));
        Assert.Equal(Key, Assert.Single(error.Misvalued).Key);
    }

    [Fact]
    public void A_sharded_checkpoint_with_the_frequencies_in_one_shard_loads_and_one_with_another_base_is_refused()
    {
        using var goodFolder = new ShardFolder();
        using var badFolder = new ShardFolder();
        var checkpoint = CheckpointWith(HuggingFaceFrequencies(10000));
        // The layer's weights and its frequencies in the second shard, the head in the first.
        var good = goodFolder.WriteShards(checkpoint, key => key.StartsWith(Layer, StringComparison.Ordinal) ? ShardedCheckpointTests.Second : ShardedCheckpointTests.First);
        var bad = badFolder.WriteShards(CheckpointWith(HuggingFaceFrequencies(500000)), key => key.StartsWith(Layer, StringComparison.Ordinal) ? ShardedCheckpointTests.Second : ShardedCheckpointTests.First);
        var model = new Wrapper();

        model.LoadSafetensors(good);
        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(checkpoint[key]), $"{key} was not loaded");

        var error = Assert.Throws<CheckpointMismatchException>(() => new Wrapper().LoadSafetensors(bad));
        var problem = Assert.Single(error.Misvalued);
        Assert.Equal((Key, "frequencies of base 500000"), (problem.Key, problem.Actual));
    }

    [Fact]
    public void The_attention_declares_its_one_legacy_key_and_refuses_to_judge_another()
    {
        ILegacyCheckpointKeys attention = new LlamaAttention(16, heads: 2, kvHeads: 2);

        Assert.Equal(["rotary_emb.inv_freq"], attention.LegacyKeys);
        Assert.Null(attention.CheckLegacyKey("rotary_emb.inv_freq", HuggingFaceFrequencies(10000)));
        var error = Assert.Throws<ArgumentException>(() => attention.CheckLegacyKey("rotary_emb.cos_cached", HuggingFaceFrequencies(10000)));
        Assert.Equal("key", error.ParamName);
    }
}
