using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>One tensor's line in a safetensors header: its dtype, shape and byte range in the data section.</summary>
internal readonly record struct SafetensorsEntry(string Name, ScalarType Type, int ElementSize, long[] Shape, long Begin, long End)
{
    public long Length => End - Begin;
}
