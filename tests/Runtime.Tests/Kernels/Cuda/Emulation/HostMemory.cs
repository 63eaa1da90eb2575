using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using DyT.Runtime.Tests.Kernels.Cuda.Checks;

namespace DyT.Runtime.Tests.Kernels.Cuda.Emulation;

/// <summary>
/// Host memory standing in for device memory in the emulation: 256-byte aligned like cuMemAlloc, with a 64-byte
/// guard before and after each allocation, checked by <see cref="GuardsIntact"/> (a kernel writing out of bounds).
/// New memory is filled with a NaN pattern, so a kernel that leaves an output unwritten is seen.
/// </summary>
internal sealed unsafe class HostMemory : IKernelMemory, IDisposable
{
    private const int Guard = 256, Pattern = 0xA5;
    private readonly List<(nint Block, long Bytes)> blocks = new();

    public nint Allocate(long bytes)
    {
        var block = (nint)NativeMemory.AlignedAlloc((nuint)(bytes + 2 * Guard), 256);
        new Span<byte>((void*)block, Guard).Fill(Pattern);
        new Span<byte>((void*)(block + Guard + (nint)bytes), Guard).Fill(Pattern);
        new Span<byte>((void*)(block + Guard), (int)bytes).Fill(0xFF); // all-ones floats and halves are NaN
        blocks.Add((block, bytes));
        return block + Guard;
    }

    public void Upload(nint destination, byte[] bytes) => bytes.CopyTo(new Span<byte>((void*)destination, bytes.Length));

    public byte[] Download(nint source, long bytes) => new Span<byte>((void*)source, (int)bytes).ToArray();

    public void Synchronize() { }

    /// <summary>Null when no guard was overwritten; else which allocation.</summary>
    public string? GuardsIntact()
    {
        foreach (var (block, bytes) in blocks)
        {
            var before = new Span<byte>((void*)block, Guard);
            var after = new Span<byte>((void*)(block + Guard + (nint)bytes), Guard);
            if (before.IndexOfAnyExcept((byte)Pattern) >= 0 || after.IndexOfAnyExcept((byte)Pattern) >= 0)
                return $"a write outside the allocation of {bytes} bytes at 0x{block + Guard:x}";
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var (block, _) in blocks) NativeMemory.AlignedFree((void*)block);
        blocks.Clear();
    }
}
