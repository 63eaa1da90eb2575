using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw bytes), the format PyTorch, timm and Hugging Face publish
/// checkpoints in. Supported dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.
/// </summary>
public static class Safetensors
{
    /// <summary>Reads every tensor of a safetensors file onto the CPU, in the dtypes the file stores.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>Tensors by name; the caller owns (and disposes) them.</returns>
    /// <exception cref="SafetensorsFormatException">The file is truncated, its header is malformed, or a dtype is unsupported.</exception>
    /// <exception cref="IOException">The path names no regular file (a FIFO, a device, a directory), which is refused before it is opened.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var stream = RegularFile.OpenRead(path);
        return SafetensorsReader.Read(stream, path, out _);
    }

    /// <summary>Reads every tensor of a safetensors stream onto the CPU; the stream need not be seekable.</summary>
    /// <remarks>
    /// A seekable stream's header is checked against its length before any tensor is allocated; a non-seekable one
    /// cannot be, so each tensor is allocated at the size its header states before its bytes are known to exist.
    /// </remarks>
    /// <param name="stream">Positioned at the start of the safetensors data.</param>
    /// <param name="source">How to name the stream in error messages.</param>
    public static Dictionary<string, Tensor> Load(Stream stream, string source = "safetensors stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SafetensorsReader.Read(stream, source, out _);
    }

    /// <summary>Reads the string metadata of a safetensors file (its <c>__metadata__</c> entry), empty when it has none.</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        using var stream = RegularFile.OpenRead(path);
        return SafetensorsReader.ReadHeader(stream, path).Metadata;
    }

    /// <summary>
    /// Writes tensors to a safetensors file, replacing it if it exists: whole or not at all (a temporary file beside
    /// it, renamed over it once written), so a save that fails leaves the old file as it was, and a symbolic link at
    /// <paramref name="path"/> is replaced, not written through.
    /// </summary>
    /// <param name="tensors">Tensors by name, on any device and in any supported dtype; written as they are.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="metadata">Optional string metadata, stored as <c>__metadata__</c>.</param>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => SafetensorsWriter.Write(tensors, stream, metadata));
    }

    /// <summary>Writes tensors in the safetensors format to a stream.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(stream);
        SafetensorsWriter.Write(tensors, stream, metadata);
    }
}
