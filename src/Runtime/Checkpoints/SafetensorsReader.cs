using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT.Kernels.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// Reads a safetensors stream front to back (header length, header, data section) into CPU tensors. Reading in
/// offset order means a non-seekable stream works, and each tensor's bytes are read straight into its storage, in
/// chunks, so no tensor is ever held twice and tensors over 2 GiB (beyond a .NET array or span) read like small ones.
/// </summary>
internal static class SafetensorsReader
{
    /// <summary>The reference implementation's bound on the header; larger is taken as a corrupt length.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>The most bytes one read asks for: a span's length is an int, and tensors can be larger.</summary>
    public const int DefaultChunkBytes = 1 << 30;

    public static Dictionary<string, Tensor> Read(Stream stream, string source, out Dictionary<string, string> metadata,
        int chunkBytes = DefaultChunkBytes)
    {
        (var entries, metadata) = ReadHeader(stream, source);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            ReadTensors(stream, entries, source, (name, tensor) => tensors.Add(name, tensor), chunkBytes);
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        return tensors;
    }

    /// <summary>
    /// Reads the data section after <see cref="ReadHeader"/>, whose entries come sorted by offset, one tensor at a time, handing each to
    /// <paramref name="consume"/>, which owns it: a checkpoint larger than memory can be copied tensor by tensor.
    /// </summary>
    /// <param name="stream">Positioned at the start of the data section.</param>
    /// <param name="entries">The tensors to read, in offset order (a subset of the header's entries).</param>
    /// <param name="source">How to name the stream in error messages.</param>
    /// <param name="consume">Takes each tensor and owns it.</param>
    /// <param name="chunkBytes">The most bytes one read asks for (tests make it small to cross chunk borders).</param>
    public static void ReadTensors(Stream stream, IEnumerable<SafetensorsEntry> entries, string source, Action<string, Tensor> consume,
        int chunkBytes = DefaultChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        long position = 0;
        foreach (var entry in entries)
        {
            Skip(stream, entry.Begin - position, source, entry.Name);
            consume(entry.Name, ReadTensor(stream, entry, source, chunkBytes));
            position = entry.End;
        }
    }

    /// <summary>Reads the length prefix and the header, leaving the stream at the start of the data section.</summary>
    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) ReadHeader(Stream stream, string source)
    {
        RequireLittleEndian();
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source, "the 8-byte header length");
        // The messages below never quote the bytes they read: the file may be something else entirely (a shard
        // index can name any file), and its first bytes are then no business of an error message.
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
            throw new SafetensorsFormatException(
                $"{source}: the first 8 bytes are not a header length from 2 to {MaxHeaderBytes} bytes; not a safetensors file?");
        if (stream.CanSeek && (long)headerLength > stream.Length - 8)
            throw new SafetensorsFormatException(
                $"{source}: the header length in the first 8 bytes exceeds the {stream.Length - 8} bytes after them; truncated, or not a safetensors file?");

        var header = new byte[headerLength];
        ReadExactly(stream, header, source, "the header");
        if (header[0] != (byte)'{')
            throw new SafetensorsFormatException($"{source}: the header does not start with '{{'; not a safetensors file?");
        var (entries, metadata) = SafetensorsHeader.Parse(header, source);
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        CheckLayout(entries, stream.CanSeek ? stream.Length - 8 - (long)headerLength : null, source);
        return (entries, metadata);
    }

    /// <summary>
    /// Rejects overlapping tensors and, where the length is known, data past the end of the file, before any data is
    /// read: a loader that checks the header first then never copies half a checkpoint.
    /// </summary>
    private static void CheckLayout(List<SafetensorsEntry> entries, long? dataBytes, string source)
    {
        long end = 0;
        foreach (var entry in entries)
        {
            if (entry.Begin < end)
                throw new SafetensorsFormatException(
                    $"{source}: tensor '{entry.Name}' at bytes [{entry.Begin}, {entry.End}) overlaps the tensor before it (which ends at {end}).");
            end = entry.End;
        }
        if (dataBytes is { } available && end > available)
            throw new SafetensorsFormatException(
                $"{source}: the data section has {available} bytes, but tensor '{entries[^1].Name}' ends at byte {end}; the file is truncated.");
    }

    private static Tensor ReadTensor(Stream stream, SafetensorsEntry entry, string source, int chunkBytes)
    {
        var tensor = torch.empty(entry.Shape, entry.Type);
        try
        {
            if (entry.Length > 0) ReadInto(stream, TensorPointers.Data(tensor), entry.Length, chunkBytes, source, entry.Name);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Fills <paramref name="length"/> bytes at <paramref name="destination"/> (a fresh tensor's storage), chunk by chunk.</summary>
    private static unsafe void ReadInto(Stream stream, nint destination, long length, int chunkBytes, string source, string name)
    {
        for (long done = 0; done < length;)
        {
            var chunk = (int)Math.Min(chunkBytes, length - done);
            ReadExactly(stream, new Span<byte>((byte*)destination + done, chunk), source, $"the data of tensor '{name}'", done, length);
            done += chunk;
        }
    }

    private static void Skip(Stream stream, long count, string source, string next)
    {
        if (count == 0) return;
        if (stream.CanSeek)
        {
            stream.Seek(count, SeekOrigin.Current);
            return;
        }
        var scratch = new byte[Math.Min(count, 1 << 16)];
        for (long left = count; left > 0; left -= scratch.Length)
            ReadExactly(stream, scratch.AsSpan(0, (int)Math.Min(left, scratch.Length)), source, $"the gap before tensor '{next}'");
    }

    /// <summary>Fills <paramref name="buffer"/>, part of <paramref name="what"/>, of which <paramref name="before"/> bytes were read already.</summary>
    private static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what, long before = 0, long? needed = null)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
                throw new SafetensorsFormatException(
                    $"{source}: the file ends inside {what} (needed {needed ?? buffer.Length} bytes, found {before + total}).");
            total += read;
        }
    }

    /// <summary>safetensors stores little-endian bytes, and tensors are filled byte for byte.</summary>
    internal static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian data; this process is big-endian.");
    }
}
