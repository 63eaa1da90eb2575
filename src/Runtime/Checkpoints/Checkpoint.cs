using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// Loads checkpoints into modules by state-dict key (the keys the generated models share with timm, Hugging Face
/// and facebookresearch/DiT) and saves modules as safetensors.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Copies each checkpoint tensor into the module's parameter or buffer of the same key. All keys must match in
    /// name and shape; otherwise a <see cref="CheckpointMismatchException"/> names every problem and nothing is copied.
    /// Floating-point values are converted to the module's dtype (an f16 or bf16 checkpoint loads into an f32 model).
    /// A key the model has no tensor for is not unexpected when a module of the model declares it as legacy
    /// (<see cref="ILegacyCheckpointKeys"/>): that module checks its stored values, and the key is skipped.
    /// </summary>
    /// <param name="module">The model to fill.</param>
    /// <param name="checkpoint">Tensors by state-dict key.</param>
    /// <param name="source">How to name the checkpoint in error messages.</param>
    public static void LoadStateDict(this nn.Module module, IReadOnlyDictionary<string, Tensor> checkpoint, string source = "checkpoint")
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var targets = module.state_dict();
        var legacy = LegacyCheckpointKeys.Owned(module, checkpoint.Keys, targets);
        var misvalued = legacy.Select(p => p.Value.Check(p.Key, checkpoint[p.Key])).OfType<ValueMismatch>().ToList();
        var stored = checkpoint.Where(p => !legacy.ContainsKey(p.Key))
            .ToDictionary(p => p.Key, p => StoredTensor.Of(p.Value), StringComparer.Ordinal);
        StateDictComparison.RequireMatch(targets, stored, source, module.GetType().Name, misvalued);
        using var _ = no_grad();
        foreach (var (key, target) in targets) target.copy_(checkpoint[key]);
    }

    /// <summary>
    /// Loads a safetensors checkpoint into the module by key; see <see cref="LoadStateDict"/> for the rules. The path
    /// is a <c>.safetensors</c> file or a Hugging Face shard index (<c>*.safetensors.index.json</c>). Every header is
    /// checked against the model before any data is read; then tensors are copied one at a time, so the checkpoint
    /// is never held in memory whole.
    /// </summary>
    /// <remarks>
    /// Everything that can be checked from the headers is checked before the first copy: the index (shards inside its
    /// folder, regular files, every key listed in the shard that holds it), each header's dtypes, shapes and byte
    /// ranges against the file's length, and the keys, shapes and dtypes against the model. What cannot be checked
    /// first can still stop a load half done: running out of memory for one tensor, a read error of the disk, or a
    /// file truncated in place by another process while it loads.
    /// </remarks>
    public static void LoadSafetensors(this nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(path);
        var index = path.EndsWith(ShardIndex.Suffix, StringComparison.OrdinalIgnoreCase) ? ShardIndex.Read(path) : null;
        var files = new List<SafetensorsFile>();
        try
        {
            foreach (var file in index?.Files ?? [path]) files.Add(SafetensorsFile.Open(file));
            Load(module, path, files, index);
        }
        finally
        {
            foreach (var file in files) file.Dispose();
        }
    }

    private static void Load(nn.Module module, string path, List<SafetensorsFile> headers, ShardIndex? index)
    {
        var stored = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        var shardOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in headers)
        {
            foreach (var entry in file.Entries)
            {
                if (shardOf.TryGetValue(entry.Name, out var first))
                    throw new SafetensorsFormatException($"{path}: tensor '{entry.Name}' is stored twice, in {first} and in {file.Path}.");
                shardOf[entry.Name] = file.Path;
                stored[entry.Name] = StoredTensor.Of(entry);
            }
        }
        var misindexed = index?.Disagreements(shardOf) ?? [];
        var targets = module.state_dict();
        var legacy = LegacyCheckpointKeys.Owned(module, stored.Keys, targets);
        var misvalued = CheckLegacyKeys(headers, legacy);
        foreach (var key in legacy.Keys) stored.Remove(key);
        StateDictComparison.RequireMatch(targets, stored, path, module.GetType().Name, misvalued, misindexed);

        using var _ = no_grad();
        foreach (var file in headers)
            file.ForEachTensor(e => !legacy.ContainsKey(e.Name), (key, tensor) => targets[key].copy_(tensor));
    }

    // Reads only the legacy keys' tensors (such as LLaMA's rotary frequencies, a few hundred floats each) and asks
    // their owners whether they agree.
    private static List<ValueMismatch> CheckLegacyKeys(List<SafetensorsFile> headers, Dictionary<string, LegacyKey> legacy)
    {
        var problems = new List<ValueMismatch>();
        foreach (var file in headers)
            file.ForEachTensor(e => legacy.ContainsKey(e.Name), (key, tensor) =>
            {
                if (legacy[key].Check(key, tensor) is { } problem) problems.Add(problem);
            });
        return problems;
    }

    /// <summary>Saves the module's state dict (parameters and persistent buffers) as a safetensors file.</summary>
    /// <param name="module">The model to save.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="floatingType">
    /// Null keeps each tensor's dtype; Float16 or BFloat16 halves the file. Integer and bool buffers keep their dtype.
    /// </param>
    public static void SaveSafetensors(this nn.Module module, string path, ScalarType? floatingType = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (floatingType is { } type && !IsFloating(type))
            throw new ArgumentException($"floatingType must be a floating-point type; got {type}.", nameof(floatingType));
        using var scope = NewDisposeScope();
        var tensors = module.state_dict().ToDictionary(
            pair => pair.Key,
            pair => floatingType is { } t && IsFloating(pair.Value.dtype) ? pair.Value.to(t) : pair.Value);
        Safetensors.Save(tensors, path);
    }

    private static bool IsFloating(ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
}
