using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using DyT.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

public class SafetensorsRoundTripTests
{
    private static Dictionary<string, Tensor> Sample()
    {
        var values = tensor(new float[] { 1.5f, -2.25f, 3.0e-3f, 65504f, -0.0f, 7f }).reshape(2, 3);
        return new Dictionary<string, Tensor>
        {
            ["layers.0.f32"] = values,
            ["layers.0.f16"] = values.to(ScalarType.Float16),
            ["layers.0.bf16"] = values.to(ScalarType.BFloat16),
            ["f64"] = values.to(ScalarType.Float64),
            ["i64"] = arange(6, ScalarType.Int64).reshape(3, 2) - 3,
            ["i32"] = tensor(new[] { int.MinValue, int.MaxValue }),
            ["u8"] = tensor(new byte[] { 0, 255 }),
            ["mask"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(4.5f),
            ["empty"] = zeros(0, 3),
        };
    }

    [Fact]
    public void Every_dtype_and_shape_survives_a_round_trip_through_a_file()
    {
        var original = Sample();
        using var file = new TempFile();

        Safetensors.Save(original, file.Path);
        var loaded = Safetensors.Load(file.Path);

        Assert.Equal(original.Keys.OrderBy(k => k), loaded.Keys.OrderBy(k => k));
        foreach (var (key, expected) in original)
        {
            Assert.True(expected.dtype == loaded[key].dtype, $"{key}: expected dtype {expected.dtype}, got {loaded[key].dtype}");
            Assert.Equal(expected.shape, loaded[key].shape);
            Assert.True(expected.SameAs(loaded[key]), $"{key}: values differ after the round trip");
        }
    }

    [Fact]
    public void A_non_seekable_stream_round_trips()
    {
        var original = Sample();
        using var buffer = new MemoryStream();
        Safetensors.Save(original, buffer, new Dictionary<string, string> { ["format"] = "pt" });

        var loaded = Safetensors.Load(new ForwardOnlyStream(buffer.ToArray()));

        Assert.True(original["layers.0.bf16"].SameAs(loaded["layers.0.bf16"]));
        Assert.Equal(original.Count, loaded.Count);
    }

    [Fact]
    public void The_header_follows_the_format_and_the_data_starts_aligned()
    {
        using var file = new TempFile();
        Safetensors.Save(new Dictionary<string, Tensor> { ["b"] = ones(3), ["a"] = zeros(2, 2, ScalarType.Float16) }, file.Path,
            new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = File.ReadAllBytes(file.Path);

        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        Assert.Equal(8 + headerLength + 2 * 2 * 2 + 3 * 4, bytes.Length);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd(' '));
        var a = header.RootElement.GetProperty("a");
        Assert.Equal("F16", a.GetProperty("dtype").GetString());
        Assert.Equal(new long[] { 0, 8 }, a.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(new long[] { 8, 20 }, header.RootElement.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        Assert.Equal(1f, BitConverter.ToSingle(bytes, (int)(8 + headerLength + 8)));
    }

    [Fact]
    public void Metadata_is_read_back()
    {
        using var file = new TempFile();
        Safetensors.Save(new Dictionary<string, Tensor> { ["x"] = ones(1) }, file.Path, new Dictionary<string, string> { ["step"] = "12" });

        Assert.Equal("12", Safetensors.ReadMetadata(file.Path)["step"]);
    }

    [Fact]
    public void The_metadata_key_cannot_name_a_tensor()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Safetensors.Save(new Dictionary<string, Tensor> { ["__metadata__"] = ones(1) }, new MemoryStream()));

        Assert.Contains("'__metadata__' is reserved", error.Message);
    }
}
