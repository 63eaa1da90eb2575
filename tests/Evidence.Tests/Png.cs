using System;
using System.Buffers.Binary;
using System.IO;

namespace DyT.Evidence.Tests;

/// <summary>Reads what a PNG file says about itself: its 8-byte signature and the size in its IHDR chunk.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts <paramref name="path"/> is a PNG of the given size, with more than a header in it.</summary>
    public static void AssertIs(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} holds {bytes.Length} bytes, too few for a drawn figure");
        Assert.Equal(Signature, bytes.AsSpan(0, 8).ToArray());
        // The first chunk: length 13, type IHDR, then width and height as big-endian 32-bit integers.
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
    }
}

/// <summary>A fresh folder under the temporary directory, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dyt-evidence-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
