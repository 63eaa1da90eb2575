using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// A safetensors file held open from its header to its last tensor. The loader reads every header, checks them all
/// against the model, then reads the data through the same handles, so the bytes it copies belong to the headers it
/// checked: a file replaced (renamed over) in the meantime does not change what an open handle reads.
/// </summary>
internal sealed class SafetensorsFile : IDisposable
{
    private readonly FileStream stream;
    private readonly long dataStart;

    private SafetensorsFile(string path, FileStream stream, List<SafetensorsEntry> entries)
    {
        (Path, this.stream, Entries, dataStart) = (path, stream, entries, stream.Position);
    }

    /// <summary>The file, as error messages name it.</summary>
    public string Path { get; }

    /// <summary>The header's tensors, in offset order.</summary>
    public List<SafetensorsEntry> Entries { get; }

    /// <summary>Opens a regular file and reads its header (checked whole, layout included); reads no tensor data.</summary>
    public static SafetensorsFile Open(string path)
    {
        var stream = RegularFile.OpenRead(path);
        try
        {
            return new SafetensorsFile(path, stream, SafetensorsReader.ReadHeader(stream, path).Entries);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Hands each tensor that <paramref name="wanted"/> picks to <paramref name="use"/>, then frees it.</summary>
    public void ForEachTensor(Func<SafetensorsEntry, bool> wanted, Action<string, Tensor> use)
    {
        var entries = Entries.Where(wanted).ToList();
        if (entries.Count == 0) return;
        stream.Position = dataStart;
        SafetensorsReader.ReadTensors(stream, entries, Path, (key, tensor) =>
        {
            using (tensor) use(key, tensor);
        });
    }

    public void Dispose() => stream.Dispose();
}
