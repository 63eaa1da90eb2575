using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DyT.Checkpoints;
using DyT.Norms;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// Thousands of damaged files (bits flipped, cut short, header edited, shard index edited) through the safetensors
/// reader and the checkpoint loader. Each must either fail with a format or mismatch error and leave the model exactly
/// as it was, or load whole, with the values the reader reads. The seed is printed and in every failure message;
/// <c>DYT_FUZZ_SEED=s</c> replays a run and <c>DYT_FUZZ_CASE=n</c> one case of it.
/// </summary>
public sealed class CheckpointFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 6000; // about 12 s on the 2-core build machine
    private const string Single = "model.safetensors", Index = "model.safetensors.index.json";
    private static readonly string[] Shards = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"];

    private readonly string folder = Directory.CreateTempSubdirectory("dyt-fuzz-").FullName;
    private readonly Dictionary<string, byte[]> written = [];
    private readonly Dictionary<string, int> outcomes = [];

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Sequential Model() => nn.Sequential(
        ("fc", nn.Linear(4, 6)), ("bn", nn.BatchNorm1d(6)), ("norm", new DynamicTanh(6)), ("head", nn.Linear(6, 3)));

    /// <summary>Values drawn from <paramref name="random"/> (not torch's shared generator), for every key of the model.</summary>
    private static Dictionary<string, Tensor> Values(Random random) => Model().state_dict().ToDictionary(p => p.Key, p =>
        p.Value.dtype == ScalarType.Int64
            ? tensor((long)random.Next(1000))
            : tensor(Enumerable.Range(0, (int)p.Value.numel()).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).reshape(p.Value.shape));

    private static byte[] Bytes(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var stream = new MemoryStream();
        Safetensors.Save(tensors, stream, new Dictionary<string, string> { ["format"] = "pt" });
        return stream.ToArray();
    }

    /// <summary>The valid checkpoints the cases start from: one file in F32, one in BF16, and two shards with their index.</summary>
    private static List<Dictionary<string, byte[]>> Originals()
    {
        var values = Values(new Random(1));
        var bf16 = values.ToDictionary(p => p.Key, p => p.Value.is_floating_point() ? p.Value.to(ScalarType.BFloat16) : p.Value);
        var first = values.Where(p => p.Key.StartsWith("fc", StringComparison.Ordinal) || p.Key.StartsWith("bn", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value);
        var second = values.Where(p => !first.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var map = first.Keys.ToDictionary(k => k, _ => Shards[0]).Concat(second.Keys.ToDictionary(k => k, _ => Shards[1])).ToDictionary();
        var index = JsonSerializer.SerializeToUtf8Bytes(new { metadata = new { total_size = 0 }, weight_map = map });
        return
        [
            new() { [Single] = Bytes(values) },
            new() { [Single] = Bytes(bf16) },
            new() { [Index] = index, [Shards[0]] = Bytes(first), [Shards[1]] = Bytes(second) },
        ];
    }

    [Fact]
    public async Task Damaged_checkpoints_fail_cleanly_and_change_nothing_or_load_whole()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DYT_FUZZ_SEED"), out var given) ? given : Random.Shared.Next();
        var (from, to) = int.TryParse(Environment.GetEnvironmentVariable("DYT_FUZZ_CASE"), out var only) ? (only, only + 1) : (0, Cases);
        output.WriteLine($"checkpoint fuzz: seed {seed}, cases {from}..{to - 1} (replay: DYT_FUZZ_SEED={seed})");
        var originals = Originals();
        var model = Model();
        var start = Values(new Random(2)); // differs from every original, so a partial load shows
        var current = from;
        var clock = Stopwatch.StartNew();

        var run = Task.Run(() =>
        {
            for (var i = from; i < to; i++)
            {
                Volatile.Write(ref current, i);
                RunCase(seed, i, originals, model, start);
            }
        });

        try
        {
            await run.WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"seed {seed}, case {Volatile.Read(ref current)} did not finish (a hang?); replay: DYT_FUZZ_SEED={seed} DYT_FUZZ_CASE={Volatile.Read(ref current)}");
        }
        output.WriteLine($"{to - from} cases in {clock.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {p.Key}")));
        if (to - from == Cases) // the damage reaches every outcome, not only the first check of the reader
            Assert.All(new[] { "loaded", nameof(SafetensorsFormatException), nameof(CheckpointMismatchException) },
                outcome => Assert.True(outcomes.GetValueOrDefault(outcome) > 0, $"seed {seed}: no case ended {outcome}"));
    }

    private void RunCase(int seed, int number, List<Dictionary<string, byte[]>> originals, Sequential model, Dictionary<string, Tensor> start)
    {
        var random = new Random(unchecked(seed * 7919 + number));
        var files = new Dictionary<string, byte[]>(originals[random.Next(originals.Count)]);
        var sharded = files.ContainsKey(Index);
        var target = sharded ? new[] { Index, Shards[0], Shards[1] }[random.Next(3)] : Single;
        var (what, bytes) = target == Index
            ? Mutations.OfIndex(files[Index], Shards, random)
            : Mutations.OfSafetensors(files[target], random);
        files[target] = bytes;
        var where = $"seed {seed}, case {number} ({target}: {what}; replay: DYT_FUZZ_SEED={seed} DYT_FUZZ_CASE={number})";

        var read = files.Where(f => f.Key != Index).ToDictionary(f => f.Key, f => ReadBack(f.Value, random.Next(4) == 0, where));
        Write(files);
        Reset(model, start);
        var failure = Record.Exception(() => model.LoadSafetensors(Path.Combine(folder, sharded ? Index : Single)));
        var outcome = failure?.GetType().Name ?? "loaded";
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

        if (failure is null)
        {
            // Loaded: every value is what the reader reads from the file that holds it, converted to the model's dtype.
            foreach (var (key, value) in model.state_dict())
            {
                var stored = read.Values.Select(r => r?.GetValueOrDefault(key)).FirstOrDefault(t => t is not null)
                    ?? throw new Xunit.Sdk.XunitException($"{where}: the loader loaded {key}, which the reader could not read");
                using var expected = stored.to(value.dtype);
                Assert.True(Same(value, expected), $"{where}: {key} loaded other values than the reader reads");
            }
        }
        else
        {
            var expectedKinds = failure is SafetensorsFormatException or CheckpointMismatchException
                || (target == Index && failure is FileNotFoundException or IOException);
            Assert.True(expectedKinds, $"{where}: unexpected {failure}");
            foreach (var (key, value) in model.state_dict())
                Assert.True(Same(value, start[key]), $"{where}: {key} changed although the load failed ({failure.Message})");
        }
        foreach (var tensors in read.Values.OfType<Dictionary<string, Tensor>>())
            foreach (var tensor in tensors.Values) tensor.Dispose();
    }

    /// <summary>The reader's view of a file: its tensors, or null when it refuses the file with a format error.</summary>
    private static Dictionary<string, Tensor>? ReadBack(byte[] file, bool forwardOnly, string where)
    {
        try
        {
            return Safetensors.Load(forwardOnly ? new ForwardOnlyStream(file) : new MemoryStream(file), "fuzz");
        }
        catch (SafetensorsFormatException)
        {
            return null;
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{where}: the reader threw {e}");
        }
    }

    /// <summary>Makes the folder hold exactly <paramref name="files"/>, writing only what differs from the last case.</summary>
    private void Write(Dictionary<string, byte[]> files)
    {
        foreach (var stale in written.Keys.Where(name => !files.ContainsKey(name)).ToList())
        {
            File.Delete(Path.Combine(folder, stale));
            written.Remove(stale);
        }
        foreach (var (name, bytes) in files)
        {
            if (written.TryGetValue(name, out var onDisk) && ReferenceEquals(onDisk, bytes)) continue;
            // Not File.WriteAllBytes: ext4 flushes a file truncated to zero and rewritten when it is closed, which
            // made each write here take milliseconds. Overwriting and then setting the length does not.
            using (var stream = new FileStream(Path.Combine(folder, name), FileMode.OpenOrCreate, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.SetLength(bytes.Length);
            }
            written[name] = bytes;
        }
    }

    private static void Reset(Sequential model, Dictionary<string, Tensor> values)
    {
        using var _ = no_grad();
        foreach (var (key, value) in model.state_dict()) value.copy_(values[key]);
    }

    /// <summary>Bit for bit (so a NaN equals the same NaN), dtype and shape included.</summary>
    private static bool Same(Tensor actual, Tensor expected) =>
        actual.dtype == expected.dtype && actual.shape.SequenceEqual(expected.shape)
        && actual.contiguous().bytes.ToArray().AsSpan().SequenceEqual(expected.contiguous().bytes.ToArray());
}
