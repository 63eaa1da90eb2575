using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// Reads a file that PyTorch wrote (tests/Parity/reference/make_fixtures.py) and compares it with the values Python
/// printed to JSON beside it, so the reader is checked against the other side, not against our own writer.
/// </summary>
public class PythonWrittenFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Parity", "fixtures", name);

    [Fact]
    public void Every_dtype_written_by_pytorch_reads_back_with_its_values()
    {
        var tensors = Safetensors.Load(Fixture("dtypes.safetensors"));
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("dtypes.expected.json")));

        var types = new (string Key, ScalarType Type)[]
        {
            ("f32", ScalarType.Float32), ("f16", ScalarType.Float16), ("bf16", ScalarType.BFloat16), ("f64", ScalarType.Float64),
            ("i64", ScalarType.Int64), ("u8", ScalarType.Byte), ("bool", ScalarType.Bool), ("scalar", ScalarType.Float32),
        };
        Assert.Equal(types.Select(t => t.Key).OrderBy(k => k), tensors.Keys.OrderBy(k => k));
        foreach (var (key, type) in types)
        {
            var shape = expected.RootElement.GetProperty("shapes").GetProperty(key).EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var values = expected.RootElement.GetProperty("values").GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.True(tensors[key].dtype == type, $"{key}: expected dtype {type}, got {tensors[key].dtype}");
            Assert.Equal(shape, tensors[key].shape);
            Assert.Equal(values, tensors[key].to(ScalarType.Float64).flatten().data<double>().ToArray());
        }
    }

    [Fact]
    public void Metadata_written_by_python_is_read()
    {
        Assert.Equal("tests/Parity/reference", Safetensors.ReadMetadata(Fixture("dtypes.safetensors"))["written_by"]);
    }
}
