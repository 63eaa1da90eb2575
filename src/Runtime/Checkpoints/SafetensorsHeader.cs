using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Unicode;

namespace DyT.Checkpoints;

/// <summary>
/// Parses and checks the JSON header of a safetensors file: <c>{name: {dtype, shape, data_offsets}, "__metadata__": {..}}</c>.
/// Every check names the tensor and the value it found, so a broken file says where it is broken.
/// </summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> json, string source)
    {
        // JsonDocument checks the UTF-8 of a string only when it is read, with an InvalidOperationException.
        if (!Utf8.IsValid(json))
            throw new SafetensorsFormatException($"{source}: the header is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"{source}: the header is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new SafetensorsFormatException($"{source}: the header must be a JSON object; got {document.RootElement.ValueKind}.");
            if (JsonText.FirstUndecodable(document.RootElement) is { } undecodable)
                throw new SafetensorsFormatException($"{source}: in the header, {JsonText.Problem(undecodable)}.");
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // JSON parsers disagree on which of two equal names wins, so a reader must not pick one.
                if (!names.Add(property.Name))
                    throw new SafetensorsFormatException(property.Name == MetadataKey
                        ? $"{source}: the header has two {MetadataKey} entries."
                        : $"{source}: tensor '{property.Name}' appears twice in the header.");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, source);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, source));
            }
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException($"{source}: {MetadataKey} must be an object of strings; got {value.ValueKind}.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsFormatException($"{source}: {MetadataKey}.{item.Name} must be a string; got {item.Value.ValueKind}.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new SafetensorsFormatException($"{source}: {MetadataKey}.{item.Name} appears twice.");
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, string source)
    {
        string where = $"{source}: tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException($"{where} must be an object with dtype, shape and data_offsets; got {value.ValueKind}.");
        // As for tensor names: parsers disagree on which of two equal fields wins, so a reader must not pick one.
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in value.EnumerateObject())
            if (!fields.Add(field.Name))
                throw new SafetensorsFormatException($"{where} has the field {field.Name} twice.");

        if (!value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new SafetensorsFormatException($"{where} has no dtype string.");
        var dtypeName = dtype.GetString()!;
        if (!SafetensorsDType.TryParse(dtypeName, out var type, out var size))
            throw new SafetensorsFormatException(
                $"{where} has dtype {dtypeName}; supported: {string.Join(", ", SafetensorsDType.Names)}.");

        var shape = ReadIntegers(value, "shape", where);
        if (shape.Any(d => d < 0))
            throw new SafetensorsFormatException($"{where} has a negative dimension in shape [{string.Join(", ", shape)}].");
        var offsets = ReadIntegers(value, "data_offsets", where);
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
            throw new SafetensorsFormatException(
                $"{where} needs data_offsets [begin, end] with 0 <= begin <= end; got [{string.Join(", ", offsets)}].");

        var entry = new SafetensorsEntry(name, type, size, shape, offsets[0], offsets[1]);
        var expectedBytes = ByteCount(shape, size)
            ?? throw new SafetensorsFormatException(
                $"{where}: shape [{string.Join(", ", shape)}] of {dtypeName} holds more than {long.MaxValue} bytes.");
        if (entry.Length != expectedBytes)
            throw new SafetensorsFormatException(
                $"{where}: shape [{string.Join(", ", shape)}] of {dtypeName} needs {expectedBytes} bytes, but data_offsets [{entry.Begin}, {entry.End}] span {entry.Length}.");
        return entry;
    }

    /// <summary>The bytes a tensor of this shape holds, or null when the count does not fit in a long (it would wrap).</summary>
    private static long? ByteCount(long[] shape, int elementSize)
    {
        long bytes = elementSize;
        foreach (var dimension in shape)
        {
            if (dimension != 0 && bytes > long.MaxValue / dimension) return shape.Contains(0) ? 0 : null;
            bytes *= dimension;
        }
        return bytes;
    }

    private static long[] ReadIntegers(JsonElement value, string property, string where)
    {
        if (!value.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new SafetensorsFormatException($"{where} has no {property} array.");
        var result = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out result[i++]))
                throw new SafetensorsFormatException($"{where}: {property} must hold integers; got {item.GetRawText()}.");
        }
        return result;
    }
}
