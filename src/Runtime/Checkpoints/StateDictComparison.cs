using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>Compares a module's state dict with a checkpoint key by key, before anything is copied.</summary>
internal static class StateDictComparison
{
    /// <summary>
    /// Throws a <see cref="CheckpointMismatchException"/> listing every difference, and the <paramref name="misvalued"/>
    /// and <paramref name="misindexed"/> keys found before, when there is any; each list in key order, then the
    /// <paramref name="hints"/> that explain some of them.
    /// </summary>
    public static void RequireMatch(IReadOnlyDictionary<string, Tensor> model, IReadOnlyDictionary<string, StoredTensor> checkpoint,
        string source, string modelName, IReadOnlyList<ValueMismatch> misvalued, IReadOnlyList<ShardMismatch>? misindexed = null,
        IReadOnlyList<string>? hints = null)
    {
        misindexed ??= [];
        var missing = model.Keys.Where(k => !checkpoint.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var unexpected = checkpoint.Keys.Where(k => !model.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var misshaped = new List<ShapeMismatch>();
        var mistyped = new List<DTypeMismatch>();
        foreach (var key in model.Keys.Where(checkpoint.ContainsKey).OrderBy(k => k, StringComparer.Ordinal))
        {
            Tensor target = model[key];
            StoredTensor value = checkpoint[key];
            if (!target.shape.SequenceEqual(value.Shape))
                misshaped.Add(new ShapeMismatch(key, target.shape, value.Shape));
            if (KindOf(target.dtype) != KindOf(value.Type))
                mistyped.Add(new DTypeMismatch(key, target.dtype.ToString(), value.Type.ToString()));
        }
        if (missing.Count + unexpected.Count + misshaped.Count + mistyped.Count + misvalued.Count + misindexed.Count > 0)
            throw new CheckpointMismatchException(source, modelName, missing, unexpected, misshaped, mistyped,
                misvalued.OrderBy(m => m.Key, StringComparer.Ordinal).ToList(),
                misindexed.OrderBy(m => m.Key, StringComparer.Ordinal).ToList(), hints);
    }

    /// <summary>
    /// Floating-point values convert among themselves (an f16 or bf16 checkpoint loads into an f32 model, exactly);
    /// integers among themselves (BatchNorm's step counter); a float into an integer buffer is a wrong checkpoint.
    /// </summary>
    private static int KindOf(ScalarType type) => type switch
    {
        ScalarType.Bool => 2,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64 => 0,
        _ => 1,
    };
}
