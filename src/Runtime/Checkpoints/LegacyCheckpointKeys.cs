using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>A checkpoint key that a module of the model declares as legacy, with that module and the key relative to it.</summary>
internal readonly record struct LegacyKey(ILegacyCheckpointKeys Owner, string RelativeKey)
{
    /// <summary>Null when the owner accepts the stored tensor, else the owner's objection under the full key.</summary>
    public ValueMismatch? Check(string key, Tensor stored) =>
        Owner.CheckLegacyKey(RelativeKey, stored) is { } mismatch ? new ValueMismatch(key, mismatch.Expected, mismatch.Actual) : null;
}

/// <summary>
/// Finds the owners of legacy checkpoint keys: the loaders know no module type, they ask each module of the model that
/// implements <see cref="ILegacyCheckpointKeys"/> which keys it accepts.
/// </summary>
internal static class LegacyCheckpointKeys
{
    /// <summary>
    /// The checkpoint keys the model has no tensor for that a module of the model declares as legacy, by key. Any
    /// other unknown key stays unexpected.
    /// </summary>
    public static Dictionary<string, LegacyKey> Owned(nn.Module module, IEnumerable<string> checkpointKeys,
        IReadOnlyDictionary<string, Tensor> modelState)
    {
        var owned = new Dictionary<string, LegacyKey>(StringComparer.Ordinal);
        var unknown = checkpointKeys.Where(key => !modelState.ContainsKey(key)).ToHashSet(StringComparer.Ordinal);
        if (unknown.Count == 0) return owned;
        // The model itself may declare keys too; its own keys carry no prefix.
        var modules = module.named_modules().Where(named => named.name.Length > 0).Prepend((name: "", module: module));
        foreach (var (name, child) in modules)
        {
            if (child is not ILegacyCheckpointKeys declaring) continue;
            foreach (var relative in declaring.LegacyKeys)
            {
                var key = name.Length == 0 ? relative : name + "." + relative;
                if (unknown.Contains(key)) owned[key] = new LegacyKey(declaring, relative);
            }
        }
        return owned;
    }
}
