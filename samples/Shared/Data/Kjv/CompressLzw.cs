using System;
using System.IO;

namespace DyT.Samples.Data.Kjv;

/// <summary>
/// Decodes LZW data as the Unix <c>compress</c> utility writes it (block mode, codes of 9 up to 16 bits, code 256
/// clears the table), without the three-byte <c>.Z</c> header: the format of each window of <c>bible.data</c>.
/// </summary>
/// <remarks>
/// Two quirks of <c>compress</c> matter for reading it back. Codes are packed least-significant bit first in groups of
/// <c>width</c> bytes (eight codes of <c>width</c> bits); and when the code width grows, or after a clear code, the
/// rest of the current group is padding, so reading resumes at the next group boundary.
/// </remarks>
internal static class CompressLzw
{
    private const int InitialWidth = 9;
    private const int ClearCode = 256;
    private const int FirstFreeCode = 257;

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/>; returns the number of bytes written.</summary>
    /// <param name="input">The compressed codes.</param>
    /// <param name="output">Room for the decoded bytes; too little room is an error, not a truncation.</param>
    /// <param name="maxWidth">Widest code (bits); bible.data uses 16.</param>
    /// <exception cref="InvalidDataException">The codes are not valid LZW, or decode to more than <paramref name="output"/> holds.</exception>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output, int maxWidth = 16)
    {
        if (maxWidth < InitialWidth || maxWidth > 16)
            throw new ArgumentOutOfRangeException(nameof(maxWidth), maxWidth, $"maxWidth must be between {InitialWidth} and 16 bits; got {maxWidth}.");
        var tableSize = 1 << maxWidth;
        var prefix = new ushort[tableSize];
        var suffix = new byte[tableSize];
        var stack = new byte[tableSize];
        for (var code = 0; code < 256; code++) suffix[code] = (byte)code;

        var reader = new CodeReader(input, maxWidth);
        var written = 0;
        var nextFree = FirstFreeCode;
        var previous = reader.Next(nextFree);
        if (previous < 0) return 0;
        if (previous > 255) throw new InvalidDataException($"LZW data must start with a literal byte code (0-255); got code {previous}.");
        var lastByte = (byte)previous;
        Put(output, ref written, lastByte);

        int current;
        while ((current = reader.Next(nextFree)) >= 0)
        {
            if (current == ClearCode)
            {
                // Start a new table; the next code is read at 9 bits from the next group.
                nextFree = FirstFreeCode - 1;
                reader.Restart();
                if ((current = reader.Next(nextFree)) < 0) break;
            }
            var incoming = current;
            var depth = 0;
            if (current >= nextFree)
            {
                // The code being defined right now (the "KwKwK" case): previous string plus its own first byte.
                if (current > nextFree) throw new InvalidDataException($"LZW code {current} is beyond the next free code {nextFree}; the data is corrupt.");
                stack[depth++] = lastByte;
                current = previous;
            }
            while (current >= 256)
            {
                stack[depth++] = suffix[current];
                current = prefix[current];
            }
            lastByte = suffix[current];
            stack[depth++] = lastByte;
            while (depth > 0) Put(output, ref written, stack[--depth]);

            if (nextFree < tableSize)
            {
                prefix[nextFree] = (ushort)previous;
                suffix[nextFree] = lastByte;
                nextFree++;
            }
            previous = incoming;
        }
        return written;
    }

    private static void Put(Span<byte> output, ref int written, byte value)
    {
        if (written == output.Length)
            throw new InvalidDataException($"LZW data decodes to more than the {output.Length} bytes expected.");
        output[written++] = value;
    }

    /// <summary>Reads codes of the current width from groups of <c>width</c> bytes, as <c>compress</c> packs them.</summary>
    private ref struct CodeReader
    {
        private readonly ReadOnlySpan<byte> input;
        private readonly int maxWidth;
        private int width;
        private int nextGroup;       // byte index where the next group starts
        private int groupStart;      // byte index of the current group
        private int groupBits;       // bits of the current group at which a whole code can still start
        private int bitOffset;       // the next code's bit offset in the current group
        private bool restart;

        public CodeReader(ReadOnlySpan<byte> input, int maxWidth)
        {
            this.input = input;
            this.maxWidth = maxWidth;
            width = InitialWidth;
            nextGroup = groupStart = groupBits = bitOffset = 0;
            restart = false;
        }

        /// <summary>After a clear code: back to 9-bit codes, from the next group.</summary>
        public void Restart() => restart = true;

        /// <summary>The next code, or -1 at the end of the input.</summary>
        /// <param name="nextFree">The next code the decoder will define: the width grows once it no longer fits.</param>
        public int Next(int nextFree)
        {
            // At the widest, code 2^maxWidth is never defined, so the width stops growing.
            var largestCode = width == maxWidth ? 1 << maxWidth : (1 << width) - 1;
            var grow = nextFree > largestCode;
            if (restart || grow || bitOffset >= groupBits)
            {
                if (grow) width++;
                if (restart) width = InitialWidth;
                restart = false;
                groupStart = nextGroup;
                var length = Math.Min(width, input.Length - groupStart);
                if (length <= 0) return -1;
                nextGroup = groupStart + length;
                groupBits = length * 8 - (width - 1);
                bitOffset = 0;
            }
            // Least-significant bit first; a code of up to 16 bits at any bit offset spans at most three bytes,
            // all inside the group (a code starts only where it fits).
            var first = groupStart + (bitOffset >> 3);
            var shift = bitOffset & 7;
            var gathered = 0;
            for (var bits = 0; bits < shift + width; bits += 8)
                gathered |= input[first + bits / 8] << bits;
            bitOffset += width;
            return (gathered >> shift) & ((1 << width) - 1);
        }
    }
}
