using System;
using System.Text.Json;

namespace DyT.Checkpoints;

/// <summary>
/// Strings of JSON files that travel with downloads (safetensors headers, shard indexes, config.json). Valid UTF-8 can
/// still escape text that is not valid UTF-16: a lone surrogate such as <c>"\ud800"</c>. System.Text.Json parses it
/// and throws an <see cref="InvalidOperationException"/> only when the string or name is read; the readers check
/// every string once, right after parsing, and report the file's own error type instead.
/// </summary>
internal static class JsonText
{
    /// <summary>
    /// Where the first string or property name under <paramref name="element"/> that does not decode lies, as a path
    /// from <paramref name="path"/> (e.g. <c>weight_map["w"]</c>); null when every one decodes.
    /// </summary>
    public static string? FirstUndecodable(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Decodes(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FirstUndecodable(item, $"{path}[{index++}]") is { } found) return found;
                return null;
            case JsonValueKind.Object:
                var position = 0;
                foreach (var property in element.EnumerateObject())
                {
                    string? name = null;
                    if (!Decodes(() => name = property.Name)) return $"the name of property {position + 1} of {path}";
                    if (FirstUndecodable(property.Value, $"{path}[\"{name}\"]") is { } found) return found;
                    position++;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>The message part every reader uses for an undecodable string.</summary>
    public static string Problem(string where) =>
        $"{where} escapes text that is not valid UTF-16 (a lone surrogate such as \\ud800)";

    private static bool Decodes(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
