using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using DyT.Checkpoints;
using DyT.Runtime.Tests.Models;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// Valid UTF-8 can escape text that is no UTF-16 (a lone surrogate, "\ud800"). System.Text.Json parses it and throws
/// an InvalidOperationException only when the string is read; every reader reports its own error type instead,
/// naming where the string is.
/// </summary>
public class UndecodableTextTests
{
    private static MemoryStream SafetensorsWithHeader(string header)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return new MemoryStream(bytes);
    }

    [Theory]
    [InlineData("""{"\ud800":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "in the header, the name of property 1 of $ escapes")]
    [InlineData("""{"w":{"dtype":"F3\udc00","shape":[1],"data_offsets":[0,4]}}""", "in the header, $[\"w\"][\"dtype\"] escapes")]
    [InlineData("""{"__metadata__":{"format":"p\ud800"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "in the header, $[\"__metadata__\"][\"format\"] escapes")]
    public void A_safetensors_header_with_a_lone_surrogate_is_a_format_error_naming_where(string header, string where)
    {
        var error = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(SafetensorsWithHeader(header), "broken.safetensors"));

        Assert.Contains($"broken.safetensors: {where} text that is not valid UTF-16 (a lone surrogate", error.Message);
    }

    [Fact]
    public void A_shard_index_with_a_lone_surrogate_is_a_format_error_and_loads_nothing()
    {
        using var shards = new ShardFolder();
        var model = ShardedCheckpointTests.Model();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        shards.WriteShard("s.safetensors", model.state_dict().ToDictionary(p => p.Key, p => randn_like(p.Value)));
        File.WriteAllText(shards.IndexPath, """{"weight_map":{"embed.weight":"s\ud800.safetensors"}}""");

        var error = Assert.Throws<SafetensorsFormatException>(() => model.LoadSafetensors(shards.IndexPath));

        Assert.Contains("$[\"weight_map\"][\"embed.weight\"] escapes text that is not valid UTF-16", error.Message);
        Assert.All(model.state_dict(), p => Assert.True(p.Value.SameAs(before[p.Key]), $"{p.Key} changed"));
    }

    [Fact]
    public void A_config_json_file_with_a_lone_surrogate_is_refused_naming_the_key()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Root, "config.json");
        File.WriteAllText(path, """{"model_type":"llama","\ud800":1}""");

        var error = Assert.Throws<System.ArgumentException>(() => HuggingFaceConfig.Load(path));

        Assert.Contains($"{path}: the name of property 2 of $ escapes text that is not valid UTF-16", error.Message);
    }

    [Fact]
    public void A_config_object_holding_a_string_that_does_not_decode_is_refused_as_an_argument()
    {
        var config = HuggingFaceConfig.For(SmallLlamaRms.Declaration);
        config["model_type"] = JsonNode.Parse("\"ll\\ud800ama\"");

        var error = Assert.Throws<System.ArgumentException>(() => HuggingFaceConfig.Compare(config, SmallLlamaRms.Declaration));

        Assert.Equal("config", error.ParamName);
        Assert.Contains("config holds a string that is not valid UTF-16 (a lone surrogate such as \\ud800)", error.Message);
    }
}
