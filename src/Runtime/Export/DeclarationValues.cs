using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using DyT.Blocks;
using DyT.Declarations;

namespace DyT.Export;

/// <summary>
/// A declaration as the (name, value) pairs config.json carries under <c>dyt_twin.declaration</c>, named as the
/// attribute's properties, and the canonical text of a JSON value, so that a stored declaration compares with the
/// model's key by key whichever side (.NET or Python's json) wrote it.
/// </summary>
internal static class DeclarationValues
{
    /// <summary>Every value of the declaration, the family's in the record's order. Listed by hand: no reflection, trim-safe.</summary>
    public static IReadOnlyList<(string Name, object? Value)> Of(ModelDeclaration declaration)
    {
        var common = new List<(string, object?)> { ("Family", declaration.Family), ("ModelName", declaration.ModelName), ("ParameterCount", declaration.ParameterCount) };
        IEnumerable<(string, object?)> own = declaration switch
        {
            VitDeclaration d =>
            [
                ("Dim", d.Dim), ("Depth", d.Depth), ("Heads", d.Heads), ("MlpRatio", d.MlpRatio), ("PatchSize", d.PatchSize),
                ("ImageSize", d.ImageSize), ("InChannels", d.InChannels), ("NumClasses", d.NumClasses), ("Norm", d.Norm), ("AlphaInit", d.AlphaInit),
            ],
            LlamaDeclaration d =>
            [
                ("Dim", d.Dim), ("Depth", d.Depth), ("Heads", d.Heads), ("HeadDim", d.HeadDim), ("KvHeads", d.KvHeads), ("FfnDim", d.FfnDim), ("VocabSize", d.VocabSize),
                ("MaxSeqLen", d.MaxSeqLen), ("Norm", d.Norm), ("AlphaInitAttention", d.AlphaInitAttention), ("AlphaInitFfn", d.AlphaInitFfn),
                ("AlphaInitFinal", d.AlphaInitFinal), ("EmbedScale", d.EmbedScale), ("RopeTheta", d.RopeTheta), ("NormEps", d.NormEps),
                ("TieEmbeddings", d.TieEmbeddings), ("RopeScaling", d.RopeScaling),
            ],
            DitDeclaration d =>
            [
                ("Dim", d.Dim), ("Depth", d.Depth), ("Heads", d.Heads), ("MlpRatio", d.MlpRatio), ("PatchSize", d.PatchSize),
                ("ImageSize", d.ImageSize), ("InChannels", d.InChannels), ("NumClasses", d.NumClasses), ("LearnSigma", d.LearnSigma),
                ("AdaLnZeroInit", d.AdaLnZeroInit), ("Norm", d.Norm), ("AlphaInit", d.AlphaInit),
            ],
            ConvNextDeclaration d =>
            [
                ("Depths", d.Depths), ("Dims", d.Dims), ("InChannels", d.InChannels), ("NumClasses", d.NumClasses), ("Norm", d.Norm),
                ("AlphaInit", d.AlphaInit), ("LayerScaleInit", d.LayerScaleInit),
            ],
            ResNetDeclaration d =>
            [
                ("Depths", d.Depths), ("InChannels", d.InChannels), ("NumClasses", d.NumClasses), ("Norm", d.Norm), ("AlphaInit", d.AlphaInit),
            ],
            _ => throw new ArgumentException($"declaration must be one of the five families' records; got {declaration.GetType().Name}.", nameof(declaration)),
        };
        return common.Concat(own).ToList();
    }

    /// <summary>Writes one value: numbers, booleans, strings (enums by name), null, lists of integers, and Llama 3.1's rotary scaling as an object.</summary>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case string s: writer.WriteStringValue(s); break;
            case Enum e: writer.WriteStringValue(e.ToString()); break;
            case RopeScaling scaling:
                writer.WriteStartObject();
                writer.WriteNumber(nameof(RopeScaling.Factor), scaling.Factor);
                writer.WriteNumber(nameof(RopeScaling.LowFreqFactor), scaling.LowFreqFactor);
                writer.WriteNumber(nameof(RopeScaling.HighFreqFactor), scaling.HighFreqFactor);
                writer.WriteNumber(nameof(RopeScaling.OriginalMaxPositions), scaling.OriginalMaxPositions);
                writer.WriteEndObject();
                break;
            case IEnumerable<int> list:
                writer.WriteStartArray();
                foreach (var item in list) writer.WriteNumberValue(item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"value must be a number, bool, string, enum, null, list of integers or RopeScaling; got {value.GetType().Name}.", nameof(value));
        }
    }

    /// <summary>
    /// A JSON value as comparable text: integers exactly, other numbers by their double value (2 and 2.0, 1e-06 and
    /// 1E-06 agree), strings quoted, lists bracketed. Python's json and .NET's writer produce the same text for the same values.
    /// </summary>
    public static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out var integer)
            ? integer.ToString(CultureInfo.InvariantCulture) // exact: a double would merge integers beyond 2^53
            : value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => "'" + value.GetString() + "'",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.Object => "{" + string.Join(", ", value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + ": " + Canonical(p.Value))) + "}",
        _ => value.GetRawText(),
    };
}
