using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace DyT.Samples.Data.Kjv;

/// <summary>
/// Reads <c>bible.data</c> of Debian's bible-kjv-text (Chip Chapin's Bible Retrieval System, 1989-1993): a header
/// ("EC", version "02", an 80-byte description, window size and count as big-endian 32-bit integers, the file offset
/// of every window plus an end offset), then the text cut into fixed windows, each compressed on its own as Unix
/// <c>compress</c> does (<see cref="CompressLzw"/>).
/// </summary>
public static class BibleDataFile
{
    /// <summary>SHA-256 of the <c>bible.data</c> this reader was written for (bible-kjv-text 4.38 and 4.39); setup/fetch-kjv.sh checks the same.</summary>
    public const string ExpectedSha256 = "6c746c2acc8a34bfded980883ff1701a5d68934a1c853ebf88a07b978fe0ae0e";

    private const int DescriptionLength = 80;
    private const int HeaderLength = 2 + 2 + DescriptionLength + 4 + 4;

    /// <summary>Checks the file's SHA-256 against <see cref="ExpectedSha256"/>, then decodes the whole text.</summary>
    /// <param name="path">The <c>bible.data</c> file.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>; the message says how to fetch it.</exception>
    /// <exception cref="InvalidDataException">The checksum differs, or the file is not a valid windowed text file.</exception>
    public static string ReadText(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The King James Bible is not at {path}. Run setup/bootstrap.sh (it fetches Debian's bible-kjv-text into the cache), or set DYT_CACHE.", path);
        var bytes = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != ExpectedSha256)
            throw new InvalidDataException(
                $"{path} has SHA-256 {actual}, expected {ExpectedSha256} (bible.data of Debian's bible-kjv-text); delete the folder and run setup/bootstrap.sh to fetch it again.");
        return Decode(bytes);
    }

    /// <summary>Decodes a windowed text file held in memory (no checksum); the text must be UTF-8 (the KJV is ASCII).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid windowed text file.</exception>
    public static string Decode(ReadOnlySpan<byte> file)
    {
        if (file.Length < HeaderLength || file[0] != 'E' || file[1] != 'C')
            throw new InvalidDataException("Not a Bible Retrieval System text file: expected the magic bytes \"EC\" and a 92-byte header.");
        if (file[2] != '0' || file[3] != '2')
            throw new InvalidDataException($"Expected text file format version \"02\"; got \"{(char)file[2]}{(char)file[3]}\".");
        var windowSize = BinaryPrimitives.ReadInt32BigEndian(file[(HeaderLength - 8)..]);
        var windowCount = BinaryPrimitives.ReadInt32BigEndian(file[(HeaderLength - 4)..]);
        if (windowSize <= 0 || windowCount <= 0 || (long)windowCount * 4 + 4 > file.Length - HeaderLength)
            throw new InvalidDataException($"The header gives {windowCount} windows of {windowSize} bytes, which a {file.Length}-byte file cannot hold.");

        var offsets = new int[windowCount + 1];
        for (var i = 0; i <= windowCount; i++)
            offsets[i] = BinaryPrimitives.ReadInt32BigEndian(file[(HeaderLength + 4 * i)..]);
        var dataStart = HeaderLength + 4 * (windowCount + 1);
        var text = new byte[(long)windowSize * windowCount];
        var length = 0;
        for (var window = 0; window < windowCount; window++)
        {
            int start = offsets[window], end = offsets[window + 1];
            if (start < dataStart || end < start || end > file.Length)
                throw new InvalidDataException($"Window {window} spans bytes {start}..{end}, outside the data ({dataStart}..{file.Length}).");
            var decoded = CompressLzw.Decode(file[start..end], text.AsSpan(length, windowSize));
            // Every window but the last holds exactly windowSize bytes of text.
            if (decoded != windowSize && window != windowCount - 1)
                throw new InvalidDataException($"Window {window} decodes to {decoded} bytes; expected {windowSize}.");
            length += decoded;
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(text, 0, length);
    }
}
