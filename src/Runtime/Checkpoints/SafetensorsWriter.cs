using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// Writes tensors as safetensors: names in ordinal order, data packed back to back, the header padded with spaces
/// so the data section starts 8-byte aligned (as the Python writer does, which lets readers map it in place).
/// </summary>
internal static class SafetensorsWriter
{
    public static void Write(IReadOnlyDictionary<string, Tensor> tensors, Stream stream, IReadOnlyDictionary<string, string>? metadata)
    {
        SafetensorsReader.RequireLittleEndian();
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (names.Contains(SafetensorsHeader.MetadataKey))
            throw new ArgumentException($"'{SafetensorsHeader.MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensors));

        var header = BuildHeader(tensors, names, metadata);
        int padding = (8 - header.Length % 8) % 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)(header.Length + padding));
        stream.Write(prefix);
        stream.Write(header);
        for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');

        foreach (var name in names)
        {
            using var cpu = tensors[name].detach().cpu().contiguous();
            if (cpu.numel() > 0) stream.Write(cpu.bytes);
        }
    }

    private static byte[] BuildHeader(IReadOnlyDictionary<string, Tensor> tensors, List<string> names, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(pair.Key, pair.Value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                var tensor = tensors[name];
                long bytes = tensor.numel() * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDType.NameOf(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
