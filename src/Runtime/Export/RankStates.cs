using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT.Checkpoints;
using static TorchSharp.torch;

namespace DyT.Export;

/// <summary>
/// Checks the per-rank states train.py writes with <c>--save-rank-states</c> (<c>rank-N.safetensors</c>): every rank's
/// tensors must equal the saved checkpoint's (rank 0's) bit for bit, as DDP keeps replicas. Bytes are compared
/// straight from the files, one key at a time; only keys that differ are read as tensors, to report by how much.
/// </summary>
internal static class RankStates
{
    public const string FilePattern = "rank-*.safetensors";

    /// <summary>The rank files of a folder, rank 0 first; each inside the folder (<see cref="FolderFile"/>).</summary>
    public static IReadOnlyList<string> In(string folder) =>
        Directory.GetFiles(folder, FilePattern).Select(path => FolderFile.In(folder, Path.GetFileName(path))).OrderBy(RankOf).ToList();

    /// <summary>
    /// Throws a <see cref="TwinMismatchException"/> naming the model and every key on which a rank file differs from
    /// <paramref name="reference"/> (model.safetensors, or rank 0's file when train.py refused to write one).
    /// </summary>
    public static void RequireAgreement(string model, string reference, IReadOnlyList<string> ranks)
    {
        var differences = new List<TwinDifference>();
        using var expected = SafetensorsFile.Open(reference);
        var expectedEntries = expected.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var path in ranks.Where(p => Path.GetFullPath(p) != Path.GetFullPath(reference)))
        {
            var rank = Path.GetFileNameWithoutExtension(path);
            using var actual = SafetensorsFile.Open(path);
            var actualEntries = actual.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
            foreach (var key in expectedEntries.Keys.Except(actualEntries.Keys))
                differences.Add(new TwinDifference(key, $"the tensor of {Path.GetFileName(reference)}", $"no such key in {rank}"));
            foreach (var key in actualEntries.Keys.Except(expectedEntries.Keys))
                differences.Add(new TwinDifference(key, $"no such key (as in {Path.GetFileName(reference)})", $"a tensor in {rank}"));
            var differing = new List<string>();
            foreach (var key in expectedEntries.Keys.Intersect(actualEntries.Keys))
            {
                SafetensorsEntry e = expectedEntries[key], a = actualEntries[key];
                if (e.Type != a.Type || !e.Shape.SequenceEqual(a.Shape))
                    differences.Add(new TwinDifference(key, $"{e.Type} ({string.Join(", ", e.Shape)})", $"{a.Type} ({string.Join(", ", a.Shape)}) in {rank}"));
                else if (!SameBytes(reference, e, path, a))
                    differing.Add(key);
            }
            foreach (var (key, error) in MaxDifferences(expected, actual, differing))
                differences.Add(new TwinDifference(key, $"the values of {Path.GetFileName(reference)}", error switch
                {
                    0 => $"{rank}'s, equal in value but not bit for bit (-0.0 and 0.0, or NaNs with other bits)",
                    double.NaN => $"{rank}'s, NaN where the other holds a number",
                    _ => $"{rank}'s, off by up to {error:G3}",
                }));
        }
        if (differences.Count > 0)
            throw new TwinMismatchException(model, Path.GetDirectoryName(Path.GetFullPath(reference))!,
                $"the rank states of {model} disagree, so the checkpoint is not the one model DDP trains (ranks hold replicas)",
                TwinMismatchException.Sorted(differences));
    }

    private static int RankOf(string path) =>
        int.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan("rank-".Length), out var rank) ? rank : int.MaxValue;

    private static bool SameBytes(string firstPath, SafetensorsEntry first, string secondPath, SafetensorsEntry second)
    {
        using FileStream a = RegularFile.OpenRead(firstPath), b = RegularFile.OpenRead(secondPath);
        a.Position = DataStart(a) + first.Begin;
        b.Position = DataStart(b) + second.Begin;
        var left = new byte[1 << 20];
        var right = new byte[1 << 20];
        for (var remaining = first.Length; remaining > 0;)
        {
            var count = (int)Math.Min(remaining, left.Length);
            a.ReadExactly(left, 0, count);
            b.ReadExactly(right, 0, count);
            if (!left.AsSpan(0, count).SequenceEqual(right.AsSpan(0, count))) return false;
            remaining -= count;
        }
        return true;
    }

    private static long DataStart(FileStream stream)
    {
        Span<byte> length = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(length);
        return 8 + (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(length);
    }

    private static IEnumerable<(string Key, double Error)> MaxDifferences(SafetensorsFile expected, SafetensorsFile actual, List<string> keys)
    {
        if (keys.Count == 0) return [];
        var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
        var reference = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var errors = new List<(string, double)>();
        try
        {
            expected.ForEachTensor(e => wanted.Contains(e.Name), (key, tensor) => reference[key] = tensor.to(ScalarType.Float64, copy: true));
            actual.ForEachTensor(e => wanted.Contains(e.Name), (key, tensor) =>
            {
                using var values = tensor.to(ScalarType.Float64);
                using var bothNaN = values.isnan().logical_and(reference[key].isnan());
                using var difference = (values - reference[key]).abs().masked_fill_(bothNaN, 0); // NaN only where one side is
                errors.Add((key, difference.numel() == 0 ? 0 : difference.max().item<double>()));
            });
        }
        finally
        {
            foreach (var tensor in reference.Values) tensor.Dispose();
        }
        return errors;
    }
}
