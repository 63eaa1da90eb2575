using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Checkpoints;
using DyT.Declarations;

namespace DyT.Export;

/// <summary>What a twin folder's config.json says about its model: the <c>dyt_twin</c> object, its declaration as comparable text.</summary>
/// <param name="Path">The config.json it was read from.</param>
/// <param name="Family">The family it names.</param>
/// <param name="Model">The model (class) name it names.</param>
/// <param name="Declaration">Each declared value's canonical text, by name.</param>
internal sealed record StoredTwin(string Path, string Family, string Model, IReadOnlyDictionary<string, string> Declaration)
{
    public string Name => $"{Family} '{Model}'";
}

/// <summary>
/// config.json of an export or a trained checkpoint. Its <c>dyt_twin</c> object holds the format version, family,
/// model, the twin's Python class, the declaration (every value, named as the attribute's properties), the data keys
/// train.py reads and the dtype of model.safetensors; train.py adds a <c>training</c> record. Other top-level keys
/// are left to other readers (a LLaMA's Hugging Face keys), so one file serves both.
/// </summary>
internal static class TwinConfig
{
    public const string FileName = "config.json";
    public const string Section = "dyt_twin";
    public const int FormatVersion = 1;

    /// <summary>The config.json of an export of the model, indented.</summary>
    public static byte[] Create(ModelDeclaration declaration, IHasPyTorchTwin twin, string dtype)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(Section);
            writer.WriteNumber("format_version", FormatVersion);
            writer.WriteString("family", declaration.Family);
            writer.WriteString("model", declaration.ModelName);
            writer.WriteString("python_class", twin.PyTorchTwinClass);
            writer.WriteString("dtype", dtype);
            WriteDeclaration(writer, declaration);
            var data = TwinDataFormat.For(declaration);
            writer.WriteStartObject("data");
            writer.WriteString("objective", data.Objective);
            writer.WriteStartArray("keys");
            foreach (var key in data.Keys) writer.WriteStringValue(key);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The model's declared values as the same canonical text <see cref="Read"/> gives for a stored one.</summary>
    public static IReadOnlyDictionary<string, string> Canonical(ModelDeclaration declaration)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteDeclaration(writer, declaration);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.GetProperty("declaration").EnumerateObject()
            .ToDictionary(p => p.Name, p => DeclarationValues.Canonical(p.Value), StringComparer.Ordinal);
    }

    /// <summary>Reads the <c>dyt_twin</c> object of a config.json; a file that is not one is an <see cref="InvalidDataException"/> naming the key.</summary>
    public static StoredTwin Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(RegularFile.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not JSON ({e.Message}); a twin folder's config.json is written by PyTorchTwin.Export or train.py.", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (JsonText.FirstUndecodable(root) is { } undecodable)
                throw new InvalidDataException($"{path}: {JsonText.Problem(undecodable)}.");
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(Section, out var twin) || twin.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path} has no \"{Section}\" object: it was not written by PyTorchTwin.Export or train.py.");
            string Text(string key) => twin.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new InvalidDataException($"{path}: \"{Section}.{key}\" must be a string.");
            if (!twin.TryGetProperty("declaration", out var declaration) || declaration.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: \"{Section}.declaration\" must be an object.");
            var values = declaration.EnumerateObject().ToDictionary(p => p.Name, p => DeclarationValues.Canonical(p.Value), StringComparer.Ordinal);
            return new StoredTwin(path, Text("family"), Text("model"), values);
        }
    }

    /// <summary>
    /// Every declared value on which <paramref name="stored"/> differs from the model's declaration, keyed as
    /// <c>dyt_twin.declaration.Name</c>. <paramref name="includeName"/> false leaves out the class name, which a
    /// checkpoint need not share to fit.
    /// </summary>
    public static IReadOnlyList<TwinDifference> Differences(ModelDeclaration declaration, StoredTwin stored, bool includeName)
    {
        var expected = Canonical(declaration);
        var differences = new List<TwinDifference>();
        foreach (var key in expected.Keys.Union(stored.Declaration.Keys, StringComparer.Ordinal))
        {
            if (!includeName && key == "ModelName") continue;
            var want = expected.TryGetValue(key, out var e) ? e : "(no such key)";
            var got = stored.Declaration.TryGetValue(key, out var a) ? a : "(missing)";
            if (want != got) differences.Add(new TwinDifference($"{Section}.declaration.{key}", want, got));
        }
        return TwinMismatchException.Sorted(differences);
    }

    private static void WriteDeclaration(Utf8JsonWriter writer, ModelDeclaration declaration)
    {
        writer.WriteStartObject("declaration");
        foreach (var (name, value) in DeclarationValues.Of(declaration))
        {
            writer.WritePropertyName(name);
            DeclarationValues.Write(writer, value);
        }
        writer.WriteEndObject();
    }
}
