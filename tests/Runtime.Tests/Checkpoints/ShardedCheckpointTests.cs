using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>Hugging Face's sharded layout (model.safetensors.index.json plus shards) and header-first loading.</summary>
public sealed class ShardedCheckpointTests : IDisposable
{
    private readonly ShardFolder shards = new();
    private readonly string folder;

    public ShardedCheckpointTests() => folder = shards.Root;

    public void Dispose() => shards.Dispose();

    internal static Sequential Model() => nn.Sequential(("embed", nn.Linear(4, 6)), ("head", nn.Linear(6, 3)));

    internal const string First = "model-00001-of-00002.safetensors", Second = "model-00002-of-00002.safetensors";

    /// <summary>Writes the model's state dict as two shards, embed.* in one and head.* in the other, and their index.</summary>
    private string WriteShards(Dictionary<string, Tensor> state) =>
        shards.WriteShards(state, key => key.StartsWith("embed", StringComparison.Ordinal) ? First : Second);

    [Fact]
    public void A_sharded_checkpoint_loads_through_its_index()
    {
        var source = Model();
        var index = WriteShards(source.state_dict().ToDictionary(p => p.Key, p => randn_like(p.Value)));
        var expected = Safetensors.Load(Path.Combine(folder, "model-00002-of-00002.safetensors"))["head.weight"];
        var model = Model();

        model.LoadSafetensors(index);

        Assert.True(model.state_dict()["head.weight"].SameAs(expected), "head.weight from the second shard was not loaded");
        Assert.True(model.state_dict()["embed.bias"].SameAs(Safetensors.Load(Path.Combine(folder, "model-00001-of-00002.safetensors"))["embed.bias"]));
    }

    [Fact]
    public void Keys_missing_from_every_shard_are_named_with_the_index()
    {
        var state = Model().state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        state.Remove("head.bias");
        var index = WriteShards(state);

        var error = Assert.Throws<CheckpointMismatchException>(() => Model().LoadSafetensors(index));

        Assert.Equal(new[] { "head.bias" }, error.Missing);
        Assert.Contains($"Checkpoint {index} does not match Sequential: 1 missing", error.Message);
    }

    [Fact]
    public void A_key_stored_in_two_shards_is_rejected()
    {
        var index = WriteShards(Model().state_dict().ToDictionary(p => p.Key, p => p.Value.clone()));
        Safetensors.Save(new Dictionary<string, Tensor> { ["head.bias"] = zeros(3), ["embed.bias"] = zeros(6), ["embed.weight"] = zeros(6, 4) },
            Path.Combine(folder, "model-00001-of-00002.safetensors"));

        var error = Assert.Throws<SafetensorsFormatException>(() => Model().LoadSafetensors(index));

        Assert.Contains("tensor 'head.bias' is stored twice", error.Message);
    }

    [Fact]
    public void A_truncated_file_is_rejected_before_anything_is_copied()
    {
        var path = Path.Combine(folder, "model.safetensors");
        Safetensors.Save(Model().state_dict().ToDictionary(p => p.Key, p => ones_like(p.Value)), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var model = Model();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var error = Assert.Throws<SafetensorsFormatException>(() => model.LoadSafetensors(path));

        Assert.Contains("the file is truncated", error.Message);
        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(before[key]), $"{key} changed although the load failed");
    }
}
