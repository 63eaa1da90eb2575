using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Checkpoints;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>Writes a state dict in Hugging Face's sharded layout: two safetensors shards and their index.</summary>
internal static class ShardedFiles
{
    public const string First = "model-00001-of-00002.safetensors";
    public const string Second = "model-00002-of-00002.safetensors";

    /// <summary>Keys <paramref name="inFirst"/> picks go to the first shard, the others to the second; returns the index path.</summary>
    public static string Write(string folder, IReadOnlyDictionary<string, Tensor> state, Func<string, bool> inFirst)
    {
        var map = new Dictionary<string, string>();
        foreach (var shard in state.GroupBy(p => inFirst(p.Key) ? First : Second))
        {
            Safetensors.Save(shard.ToDictionary(p => p.Key, p => p.Value), Path.Combine(folder, shard.Key));
            foreach (var key in shard.Select(p => p.Key)) map[key] = shard.Key;
        }
        var index = Path.Combine(folder, "model.safetensors.index.json");
        File.WriteAllText(index, JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = map }));
        return index;
    }
}
