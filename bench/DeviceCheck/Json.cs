using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DyT.DeviceCheck;

/// <summary>One JSON object written as a line, without System.Text.Json's reflection (the harness is trimmed).</summary>
internal sealed class JsonLine
{
    private readonly List<string> fields = new();

    public JsonLine Add(string name, string? value) => Raw(name, value is null ? "null" : Quote(value));

    public JsonLine Add(string name, double value) =>
        Raw(name, double.IsFinite(value) ? value.ToString("G6", CultureInfo.InvariantCulture) : "null");

    public JsonLine Add(string name, long value) => Raw(name, value.ToString(CultureInfo.InvariantCulture));

    public JsonLine Add(string name, bool value) => Raw(name, value ? "true" : "false");

    public JsonLine Add(string name, IEnumerable<JsonLine> values) => Raw(name, "[" + string.Join(",", values) + "]");

    public JsonLine Add(string name, IEnumerable<string> values)
    {
        var quoted = new List<string>();
        foreach (var value in values) quoted.Add(Quote(value));
        return Raw(name, "[" + string.Join(",", quoted) + "]");
    }

    public JsonLine Add(string name, JsonLine value) => Raw(name, value.ToString());

    public override string ToString() => "{" + string.Join(",", fields) + "}";

    /// <summary>Writes the line and flushes, so the script reading it sees it at once.</summary>
    public void Print()
    {
        System.Console.Out.WriteLine(ToString());
        System.Console.Out.Flush();
    }

    private JsonLine Raw(string name, string json)
    {
        fields.Add(Quote(name) + ":" + json);
        return this;
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return builder.Append('"').ToString();
    }
}
