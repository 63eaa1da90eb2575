using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>What a checkpoint says about one tensor before its data is read: enough to compare with the model.</summary>
internal readonly record struct StoredTensor(long[] Shape, ScalarType Type)
{
    public static StoredTensor Of(Tensor tensor) => new(tensor.shape, tensor.dtype);

    public static StoredTensor Of(SafetensorsEntry entry) => new(entry.Shape, entry.Type);
}
