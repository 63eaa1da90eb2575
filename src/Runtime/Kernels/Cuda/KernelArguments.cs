using System.Collections.Generic;

namespace DyT.Kernels.Cuda;

/// <summary>The kind of one kernel argument, as the kernel declares it.</summary>
internal enum ArgumentKind
{
    /// <summary>A device pointer (8 bytes).</summary>
    Pointer,

    /// <summary>A 64-bit integer (<c>long long</c>).</summary>
    Int64,

    /// <summary>A 32-bit integer (<c>int</c>).</summary>
    Int32,

    /// <summary>A 32-bit float.</summary>
    Float32,
}

/// <summary>One kernel argument: its kind and its bits, low bytes first.</summary>
internal readonly record struct KernelArgument(ArgumentKind Kind, ulong Bits)
{
    /// <summary>Bytes the kernel reads for it.</summary>
    public int Size => Kind is ArgumentKind.Pointer or ArgumentKind.Int64 ? 8 : 4;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ArgumentKind.Pointer => $"0x{Bits:x}",
        ArgumentKind.Float32 => System.BitConverter.UInt32BitsToSingle((uint)Bits).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ArgumentKind.Int32 => ((int)(uint)Bits).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => ((long)Bits).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The arguments of one launch, in the kernel's parameter order. Each value sits in its own 8-byte slot, low bytes
/// first, so the pointer to a slot is what cuLaunchKernel expects for a parameter of that kind (x86-64 and ARM64
/// are little-endian).
/// </summary>
internal sealed class KernelArguments
{
    private readonly List<KernelArgument> values = new(16);

    /// <summary>The arguments so far.</summary>
    public IReadOnlyList<KernelArgument> Values => values;

    /// <summary>Adds a device pointer (0 for a null pointer).</summary>
    public KernelArguments Pointer(nint value) => Add(ArgumentKind.Pointer, (ulong)value);

    /// <summary>Adds a <c>long long</c>.</summary>
    public KernelArguments Int64(long value) => Add(ArgumentKind.Int64, (ulong)value);

    /// <summary>Adds an <c>int</c>.</summary>
    public KernelArguments Int32(int value) => Add(ArgumentKind.Int32, (uint)value);

    /// <summary>Adds a <c>float</c>.</summary>
    public KernelArguments Float32(float value) => Add(ArgumentKind.Float32, System.BitConverter.SingleToUInt32Bits(value));

    /// <summary>The slots, one 8-byte value per argument, to be pinned for the launch.</summary>
    public ulong[] Slots()
    {
        var slots = new ulong[values.Count];
        for (var i = 0; i < slots.Length; i++) slots[i] = values[i].Bits;
        return slots;
    }

    private KernelArguments Add(ArgumentKind kind, ulong bits)
    {
        values.Add(new KernelArgument(kind, bits));
        return this;
    }
}
