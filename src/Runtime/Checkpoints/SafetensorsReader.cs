using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// Reads a safetensors stream front to back (header length, header, data section) into CPU tensors. Reading in
/// offset order means a non-seekable stream works, and each tensor's bytes are copied straight into its storage.
/// </summary>
internal static class SafetensorsReader
{
    /// <summary>The reference implementation's bound on the header; larger is taken as a corrupt length.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    public static Dictionary<string, Tensor> Read(Stream stream, string source, out Dictionary<string, string> metadata)
    {
        (var entries, metadata) = ReadHeader(stream, source);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            ReadTensors(stream, entries, source, (name, tensor) => tensors.Add(name, tensor));
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
    public static void ReadTensors(Stream stream, List<SafetensorsEntry> entries, string source, Action<string, Tensor> consume)
    {
        long position = 0;
        foreach (var entry in entries)
        {
            Skip(stream, entry.Begin - position, source, entry.Name);
            consume(entry.Name, ReadTensor(stream, entry, source));
            position = entry.End;
        }
    }

    /// <summary>Reads the length prefix and the header, leaving the stream at the start of the data section.</summary>
    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) ReadHeader(Stream stream, string source)
    {
        RequireLittleEndian();
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source, "the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
            throw new SafetensorsFormatException($"{source}: header length {headerLength} is outside 2..{MaxHeaderBytes} bytes; not a safetensors file?");
        if (stream.CanSeek && (long)headerLength > stream.Length - 8)
            throw new SafetensorsFormatException($"{source}: header length {headerLength} exceeds the {stream.Length - 8} bytes after it.");

        var header = new byte[headerLength];
        ReadExactly(stream, header, source, "the header");
        if (header[0] != (byte)'{')
            throw new SafetensorsFormatException($"{source}: the header must start with '{{'; got byte 0x{header[0]:X2}.");
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

    private static Tensor ReadTensor(Stream stream, SafetensorsEntry entry, string source)
    {
        if (entry.Length > int.MaxValue)
            throw new NotSupportedException($"{source}: tensor '{entry.Name}' has {entry.Length} bytes; tensors over 2 GiB are not supported.");
        var tensor = torch.empty(entry.Shape, entry.Type);
        if (entry.Length == 0) return tensor;
        var bytes = new byte[entry.Length];
        ReadExactly(stream, bytes, source, $"the data of tensor '{entry.Name}'");
        tensor.bytes = bytes;
        return tensor;
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

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
                throw new SafetensorsFormatException($"{source}: the file ends inside {what} (needed {buffer.Length} bytes, found {total}).");
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
