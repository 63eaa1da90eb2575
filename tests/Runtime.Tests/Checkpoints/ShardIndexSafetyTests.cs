using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DyT.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// A shard index is text that travels with downloads: it must not make the loader read outside its folder, open
/// what is not a regular file, or disagree with its shards unnoticed; and whatever it names, nothing loads unless
/// everything fits.
/// </summary>
public sealed class ShardIndexSafetyTests : IDisposable
{
    private readonly ShardFolder shards = new();
    private readonly string outside = Directory.CreateTempSubdirectory("dyt-outside-").FullName;

    public void Dispose()
    {
        shards.Dispose();
        Directory.Delete(outside, recursive: true);
    }

    private static Dictionary<string, Tensor> Values() =>
        ShardedCheckpointTests.Model().state_dict().ToDictionary(p => p.Key, p => randn_like(p.Value));

    /// <summary>A valid checkpoint for the model outside the index's folder, which the tests point the index at.</summary>
    private string ValidFileOutside()
    {
        var path = Path.Combine(outside, "x.safetensors");
        Safetensors.Save(Values(), path);
        return path;
    }

    private string IndexNaming(string file) =>
        shards.WriteIndex(ShardedCheckpointTests.Model().state_dict().Keys.ToDictionary(k => k, _ => file));

    /// <summary>Loads into a fresh model, expecting <typeparamref name="T"/>; the model must be unchanged.</summary>
    private static async Task<T> FailsAndLoadsNothing<T>(string path) where T : Exception
    {
        var model = ShardedCheckpointTests.Model();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var failure = await Finishes(() => model.LoadSafetensors(path), $"loading {path}");
        var error = Assert.IsType<T>(failure);
        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(before[key]), $"{key} changed although the load failed");
        return error;
    }

    /// <summary>What <paramref name="action"/> throws, failing the test instead of waiting forever if it blocks.</summary>
    private static async Task<Exception?> Finishes(Action action, string what)
    {
        var task = Task.Run(() => Record.Exception(action));
        try
        {
            return await task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{what} did not finish in 20 s");
        }
    }

    [Fact]
    public async Task A_shard_named_with_dotdot_is_refused_though_the_file_is_a_valid_checkpoint()
    {
        var file = ValidFileOutside();
        var relative = Path.GetRelativePath(shards.Root, file); // ../dyt-outside-…/x.safetensors

        var error = await FailsAndLoadsNothing<SafetensorsFormatException>(IndexNaming(relative));

        Assert.Contains($"weight_map[\"embed.weight\"] is '{relative}', which climbs out with '..'", error.Message);
    }

    [Fact]
    public async Task A_shard_named_by_an_absolute_path_is_refused()
    {
        var file = ValidFileOutside();

        var error = await FailsAndLoadsNothing<SafetensorsFormatException>(IndexNaming(file));

        Assert.Contains($"is the absolute path '{file}'; shards are named relative to the index's folder", error.Message);
    }

    [Fact]
    public async Task A_shard_that_is_a_symbolic_link_out_of_the_folder_is_refused()
    {
        var file = ValidFileOutside();
        File.CreateSymbolicLink(shards.PathOf("model.safetensors"), file);

        var error = await FailsAndLoadsNothing<SafetensorsFormatException>(IndexNaming("model.safetensors"));

        Assert.Contains($"is 'model.safetensors', a symbolic link to {file}, outside the index's folder", error.Message);
    }

    [Fact]
    public async Task A_link_whose_target_climbs_out_through_another_link_is_refused()
    {
        // inside/up -> the outside folder; "hop" -> "up/../x.safetensors" reads as inside lexically, but resolves to
        // the parent of the outside folder: the real path is what counts.
        ValidFileOutside();
        var nested = Directory.CreateDirectory(Path.Combine(outside, "deeper")).FullName;
        Directory.CreateSymbolicLink(shards.PathOf("up"), nested);
        File.CreateSymbolicLink(shards.PathOf("hop.safetensors"), "up/../x.safetensors");

        var error = await FailsAndLoadsNothing<SafetensorsFormatException>(IndexNaming("hop.safetensors"));

        Assert.Contains($"a symbolic link to {Path.Combine(outside, "x.safetensors")}, outside the index's folder", error.Message);
    }

    [Fact]
    public void A_link_between_files_of_the_folder_is_followed()
    {
        var values = Values();
        Directory.CreateDirectory(shards.PathOf("blobs"));
        shards.WriteShard("blobs/abc", values);
        File.CreateSymbolicLink(shards.PathOf("model.safetensors"), "blobs/abc");
        var model = ShardedCheckpointTests.Model();

        model.LoadSafetensors(IndexNaming("model.safetensors"));

        Assert.True(model.state_dict()["head.weight"].SameAs(values["head.weight"]));
    }

    [Fact]
    public async Task A_shard_that_is_a_fifo_is_refused_without_opening_it()
    {
        var fifo = shards.PathOf("model.safetensors");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo), "mkfifo made no FIFO");

        var error = await FailsAndLoadsNothing<IOException>(IndexNaming("model.safetensors"));

        Assert.Contains("is 'model.safetensors', which is a FIFO (named pipe), not a regular file", error.Message);
        // Given directly, a FIFO or a device is refused too, instead of blocking the reader.
        Assert.Contains("is a FIFO (named pipe), not a regular file", (await FailsAndLoadsNothing<IOException>(fifo)).Message);
        Assert.Contains("/dev/null is a character device", Assert.Throws<IOException>(() => Safetensors.Load("/dev/null")).Message);
    }

    [Fact]
    public async Task Dev_stdin_does_not_block_the_reader()
    {
        var failure = await Finishes(() => Safetensors.Load("/dev/stdin"), "reading /dev/stdin");

        // A pipe, a terminal or /dev/null is refused unread; a test host whose stdin is a regular file reads it as one.
        Assert.True(failure is IOException or SafetensorsFormatException, $"unexpected {failure}");
    }

    [Fact]
    public async Task A_missing_shard_is_named_with_its_key()
    {
        var error = await FailsAndLoadsNothing<FileNotFoundException>(IndexNaming("gone.safetensors"));

        Assert.Contains("weight_map[\"embed.weight\"] is 'gone.safetensors', which does not exist", error.Message);
    }

    [Fact]
    public async Task The_error_for_a_shard_that_is_not_safetensors_does_not_quote_its_bytes()
    {
        var text = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
        File.WriteAllText(shards.PathOf("passwd.safetensors"), text);

        var error = await FailsAndLoadsNothing<SafetensorsFormatException>(IndexNaming("passwd.safetensors"));

        var asLength = BitConverter.ToUInt64(System.Text.Encoding.ASCII.GetBytes(text), 0);
        Assert.Contains("the first 8 bytes are not a header length", error.Message);
        Assert.DoesNotContain(asLength.ToString(), error.Message);
        Assert.DoesNotContain("root", error.Message);
    }

    [Fact]
    public void One_shard_named_two_ways_is_one_shard()
    {
        var values = Values();
        shards.WriteShard("s.safetensors", values);
        var map = values.Keys.ToDictionary(k => k, k => k.StartsWith("embed", StringComparison.Ordinal) ? "s.safetensors" : "./s.safetensors");
        var model = ShardedCheckpointTests.Model();

        model.LoadSafetensors(shards.WriteIndex(map));

        Assert.True(model.state_dict()["embed.weight"].SameAs(values["embed.weight"]));
        Assert.True(model.state_dict()["head.bias"].SameAs(values["head.bias"]));
    }

    [Fact]
    public async Task Tensors_a_shard_holds_that_the_index_does_not_list_there_are_a_mismatch()
    {
        var values = Values();
        var index = shards.WriteShards(values, key => key.StartsWith("embed", StringComparison.Ordinal) ? ShardedCheckpointTests.First : ShardedCheckpointTests.Second);
        // The first shard also holds an unlisted tensor; the index moves head.bias to the first shard, which lacks it.
        shards.WriteShard(ShardedCheckpointTests.First, new Dictionary<string, Tensor>
        {
            ["embed.weight"] = values["embed.weight"], ["embed.bias"] = values["embed.bias"], ["extra"] = ones(2),
        });
        var map = values.Keys.ToDictionary(k => k, k => k.StartsWith("embed", StringComparison.Ordinal) || k == "head.bias" ? ShardedCheckpointTests.First : ShardedCheckpointTests.Second);
        shards.WriteIndex(map);

        var error = await FailsAndLoadsNothing<CheckpointMismatchException>(index);

        Assert.Equal(
            new[] { new ShardMismatch("extra", null, ShardedCheckpointTests.First), new ShardMismatch("head.bias", ShardedCheckpointTests.First, ShardedCheckpointTests.Second) },
            error.Misindexed);
        Assert.Equal(new[] { "extra" }, error.Unexpected);
        Assert.Contains("1 unexpected, 0 misshaped, 0 mistyped, 2 misindexed key(s); nothing was loaded", error.Message);
        Assert.Contains($"\n  extra: {ShardedCheckpointTests.First} holds it, but the index does not list it", error.Message);
        Assert.Contains($"\n  head.bias: the index lists it in {ShardedCheckpointTests.First}, but {ShardedCheckpointTests.Second} holds it", error.Message);
    }

    [Fact]
    public async Task A_key_the_index_lists_in_a_shard_that_does_not_hold_it_is_a_mismatch()
    {
        var values = Values();
        var index = shards.WriteShards(values, key => key.StartsWith("embed", StringComparison.Ordinal) ? ShardedCheckpointTests.First : ShardedCheckpointTests.Second);
        shards.WriteIndex(values.Keys.Append("lost").ToDictionary(k => k, k => k.StartsWith("embed", StringComparison.Ordinal) ? ShardedCheckpointTests.First : ShardedCheckpointTests.Second));

        var error = await FailsAndLoadsNothing<CheckpointMismatchException>(index);

        Assert.Equal(new[] { new ShardMismatch("lost", ShardedCheckpointTests.Second, null) }, error.Misindexed);
        Assert.Contains($"lost: the index lists it in {ShardedCheckpointTests.Second}, which does not hold it", error.Message);
    }
}
