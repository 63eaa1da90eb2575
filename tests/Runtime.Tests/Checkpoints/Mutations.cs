using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// Ways to damage a valid safetensors file or shard index, each drawn from a given <see cref="Random"/> so a case can
/// be replayed from its seed. Each returns the damaged bytes and a line saying what was done.
/// </summary>
internal static class Mutations
{
    private const string Metadata = "__metadata__";

    /// <summary>Integers that sit on the borders a reader must get right: zero, sign, 2^31, 2^32, 2^62, 2^63.</summary>
    private static readonly JsonNode[] Borders =
    [
        0, 1, 2, 3, 4, 7, 8, -1, -8, int.MaxValue, 1L << 31, 1L << 32, (1L << 32) + 4, 1L << 62, long.MaxValue,
        9223372036854775808UL, 1e300, 1.5, "4", JsonValue.Create(true)!,
    ];

    private const string JsonCharacters = "{}[]\",:0-9a\\";

    private static readonly string[] DTypes = ["F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "", "f32"];

    public static (string What, byte[] Bytes) OfSafetensors(byte[] file, Random random) => random.Next(8) switch
    {
        0 => FlipBits(file, random, file.Length),
        1 => FlipBits(file, random, 8 + HeaderLength(file)),
        2 => Truncate(file, random),
        3 => (" header length prefix replaced", WithPrefix(file, random.Next(3) switch
        {
            0 => (ulong)random.NextInt64(),
            1 => (ulong)HeaderLength(file) + (ulong)random.Next(-9, 9),
            _ => ulong.MaxValue - (ulong)random.Next(4),
        })),
        _ => EditHeader(file, random),
    };

    public static (string What, byte[] Bytes) OfIndex(byte[] index, string[] shards, Random random)
    {
        var text = Encoding.UTF8.GetString(index);
        if (random.Next(6) == 0)
        {
            var cut = random.Next(text.Length);
            return ($"index cut to {cut} characters", Encoding.UTF8.GetBytes(text[..cut]));
        }
        var root = JsonNode.Parse(text)!.AsObject();
        var map = root["weight_map"]!.AsObject();
        var key = map.ElementAt(random.Next(map.Count)).Key;
        string what;
        switch (random.Next(5))
        {
            case 0:
                string[] names =
                [
                    "../x.safetensors", "/etc/passwd", "/dev/null", "/dev/stdin", "./" + shards[0], "sub/../" + shards[1],
                    "missing.safetensors", "", ".", shards[0], shards[1], "model.safetensors.index.json", "./",
                ];
                var name = names[random.Next(names.Length)];
                map[key] = name;
                what = $"index maps {key} to '{name}'";
                break;
            case 1:
                map.Remove(key);
                what = $"index drops {key}";
                break;
            case 2:
                map["extra.weight"] = shards[random.Next(2)];
                what = "index lists a key no shard holds";
                break;
            case 3:
                map[key] = Borders[random.Next(Borders.Length)].DeepClone();
                what = $"index maps {key} to a non-string";
                break;
            default:
                root["weight_map"] = random.Next(2) == 0 ? new JsonArray() : null;
                what = "weight_map is not an object";
                break;
        }
        return (what, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    private static int HeaderLength(byte[] file) => (int)BinaryPrimitives.ReadUInt64LittleEndian(file);

    private static (string, byte[]) FlipBits(byte[] file, Random random, int within)
    {
        var copy = (byte[])file.Clone();
        var flips = random.Next(1, 9);
        for (var i = 0; i < flips; i++) copy[random.Next(within)] ^= (byte)(1 << random.Next(8));
        return ($"{flips} bit(s) flipped in the first {within} bytes", copy);
    }

    private static (string, byte[]) Truncate(byte[] file, Random random)
    {
        var length = random.Next(file.Length);
        return ($"cut to {length} of {file.Length} bytes", file[..length]);
    }

    private static byte[] WithPrefix(byte[] file, ulong length)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, length);
        return copy;
    }

    /// <summary>Changes one thing in the JSON header, then writes the file again with (mostly) the right length prefix.</summary>
    private static (string, byte[]) EditHeader(byte[] file, Random random)
    {
        var length = HeaderLength(file);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, length).TrimEnd(' '))!.AsObject();
        var data = file[(8 + length)..];
        var names = header.Select(p => p.Key).Where(k => k != Metadata).ToList();
        var name = names[random.Next(names.Count)];
        var entry = header[name]!.AsObject();
        string what;
        string? text = null;
        switch (random.Next(11))
        {
            case 0:
                var dtype = DTypes[random.Next(DTypes.Length)];
                entry["dtype"] = dtype;
                what = $"{name}.dtype = '{dtype}'";
                break;
            case 1:
                what = EditArray(entry, "shape", random, name);
                break;
            case 2:
                what = EditArray(entry, "data_offsets", random, name);
                break;
            case 3:
                header.Remove(name);
                what = $"{name} removed";
                break;
            case 4:
                var other = random.Next(2) == 0 ? names[random.Next(names.Count)] : name + ".renamed";
                header.Remove(name);
                text = Prepend(header.ToJsonString(), other, entry);
                what = $"{name} renamed to {other}";
                break;
            case 5:
                var field = new[] { "dtype", "shape", "data_offsets" }[random.Next(3)];
                entry.Remove(field);
                what = $"{name}.{field} removed";
                break;
            case 6:
                var wrong = new[] { "dtype", "shape", "data_offsets" }[random.Next(3)];
                entry[wrong] = random.Next(3) switch { 0 => null, 1 => new JsonObject(), _ => Borders[random.Next(Borders.Length)].DeepClone() };
                what = $"{name}.{wrong} given the wrong type";
                break;
            case 7:
                header[Metadata] = random.Next(2) == 0 ? new JsonArray(1, 2) : new JsonObject { ["format"] = 3 };
                what = "__metadata__ malformed";
                break;
            case 8:
                text = Prepend(header.ToJsonString(), name, entry);
                what = $"{name} written twice";
                break;
            case 9:
                text = header.ToJsonString();
                var at = random.Next(text.Length);
                var insert = random.Next(2) == 0;
                text = insert ? text.Insert(at, JsonCharacters[random.Next(JsonCharacters.Length)].ToString()) : text.Remove(at, 1);
                what = $"header character {(insert ? "inserted" : "deleted")} at {at}";
                break;
            default:
                var shift = random.Next(-8, 9);
                foreach (var (_, value) in header.Where(p => p.Key != Metadata))
                {
                    var offsets = value!["data_offsets"]!.AsArray();
                    offsets[0] = (long)offsets[0]! + shift;
                    offsets[1] = (long)offsets[1]! + shift;
                }
                what = $"every data_offsets shifted by {shift}";
                break;
        }
        var json = Encoding.UTF8.GetBytes(text ?? header.ToJsonString());
        var correctPrefix = random.Next(8) != 0;
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, correctPrefix ? (ulong)json.Length : (ulong)length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return (what + (correctPrefix ? "" : ", length prefix left as it was"), bytes);
    }

    private static string EditArray(JsonObject entry, string field, Random random, string name)
    {
        var array = entry[field]!.AsArray();
        switch (random.Next(4))
        {
            case 0 when array.Count > 0:
                var at = random.Next(array.Count);
                var value = Borders[random.Next(Borders.Length)].DeepClone();
                array[at] = value;
                return $"{name}.{field}[{at}] = {value.ToJsonString()}";
            case 1:
                array.Add(random.Next(2) == 0 ? 1 : Borders[random.Next(Borders.Length)].DeepClone());
                return $"{name}.{field} gains an element";
            case 2 when array.Count > 0:
                array.RemoveAt(random.Next(array.Count));
                return $"{name}.{field} loses an element";
            default:
                entry[field] = new JsonArray(new JsonArray(1));
                return $"{name}.{field} nested";
        }
    }

    /// <summary>The header text with one more entry in front, written by hand so that a name may appear twice.</summary>
    private static string Prepend(string header, string name, JsonObject entry)
    {
        var item = $"{System.Text.Json.JsonSerializer.Serialize(name)}:{entry.ToJsonString()}";
        return header == "{}" ? "{" + item + "}" : "{" + item + "," + header[1..];
    }
}
