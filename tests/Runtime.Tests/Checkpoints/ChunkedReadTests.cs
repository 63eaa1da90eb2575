using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// Tensor data is read straight into the tensor's storage in chunks of at most a given size, so a tensor over 2 GiB
/// (beyond a .NET array or span) reads like a small one. A small chunk stands in for the real 1 GiB here.
/// </summary>
public class ChunkedReadTests
{
    /// <summary>A stream that records the size of every read it is asked for.</summary>
    private sealed class RecordingStream(byte[] data) : MemoryStream(data)
    {
        public List<int> Requests { get; } = [];

        public override int Read(Span<byte> buffer)
        {
            Requests.Add(buffer.Length);
            return base.Read(buffer);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)] // not a multiple of any element size: chunks end inside elements
    [InlineData(64)]
    public void Tensors_read_in_chunks_of_any_size_come_back_bit_exact(int chunkBytes)
    {
        var original = new Dictionary<string, Tensor>
        {
            ["a"] = randn(5, 9),
            ["b"] = randn(3, 3, dtype: ScalarType.Float64),
            ["c"] = arange(11, ScalarType.Int16),
            ["empty"] = zeros(0, 4),
        };
        using var file = new MemoryStream();
        Safetensors.Save(original, file);
        var stream = new RecordingStream(file.ToArray());

        var loaded = SafetensorsReader.Read(stream, "chunked", out _, chunkBytes);

        foreach (var (key, expected) in original)
            Assert.True(loaded[key].SameAs(expected), $"{key} differs after a read in {chunkBytes}-byte chunks");
        var dataReads = stream.Requests.Skip(2).ToList(); // the length prefix and the header come first
        Assert.All(dataReads, request => Assert.InRange(request, 1, chunkBytes));
        var dataBytes = original.Values.Sum(t => t.numel() * t.ElementSize);
        Assert.True(dataReads.Count >= (dataBytes + chunkBytes - 1) / chunkBytes, $"{dataReads.Count} reads for {dataBytes} bytes");
    }

    [Fact]
    public void A_chunk_size_of_zero_is_refused()
    {
        using var file = new MemoryStream();
        Safetensors.Save(new Dictionary<string, Tensor> { ["a"] = ones(2) }, file);
        file.Position = 0;

        Assert.Throws<ArgumentOutOfRangeException>(() => SafetensorsReader.Read(file, "chunked", out _, chunkBytes: 0));
    }

    [Fact]
    public void A_tensor_over_2_GiB_is_read_not_refused()
    {
        // 2^29 + 1 floats: 2 GiB and 4 bytes. A forward-only stream cannot be measured, so the header is believed,
        // the tensor allocated (untouched pages cost no memory) and filled until the data runs out after 8 bytes.
        const long elements = (1L << 29) + 1;
        var header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[0," + elements * 4 + "]}}";
        var json = System.Text.Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 8];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)json.Length);
        json.CopyTo(bytes, 8);

        var error = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(new ForwardOnlyStream(bytes), "big.safetensors"));

        Assert.Contains($"the file ends inside the data of tensor 'big' (needed {elements * 4} bytes, found 8)", error.Message);
    }
}
