using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Checkpoints;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>A temp folder for a sharded checkpoint: shards, the index that maps keys to them, and cleanup.</summary>
internal sealed class ShardFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dyt-shards-").FullName;

    public string IndexPath => Path.Combine(Root, "model.safetensors.index.json");

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes one shard; the name is relative to the folder.</summary>
    public void WriteShard(string name, IReadOnlyDictionary<string, Tensor> tensors) => Safetensors.Save(tensors, PathOf(name));

    /// <summary>Writes the index as Hugging Face does, with the map exactly as given.</summary>
    public string WriteIndex(IEnumerable<KeyValuePair<string, string>> weightMap)
    {
        var map = weightMap.ToDictionary(p => p.Key, p => p.Value);
        File.WriteAllText(IndexPath, JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = map }));
        return IndexPath;
    }

    /// <summary>Writes <paramref name="state"/> as one shard per group that <paramref name="shardOf"/> makes, and their index.</summary>
    public string WriteShards(IReadOnlyDictionary<string, Tensor> state, Func<string, string> shardOf)
    {
        var map = new Dictionary<string, string>();
        foreach (var shard in state.GroupBy(p => shardOf(p.Key)))
        {
            WriteShard(shard.Key, shard.ToDictionary(p => p.Key, p => p.Value));
            foreach (var key in shard.Select(p => p.Key)) map[key] = shard.Key;
        }
        return WriteIndex(map);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
