using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT.Declarations;
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
    /// name and shape, and hold data a copy can read (not meta, not sparse); otherwise a
    /// <see cref="CheckpointMismatchException"/> names every problem and nothing is copied.
    /// Floating-point values are converted to the module's dtype (an f16 or bf16 checkpoint loads into an f32 model).
    /// A key the model has no tensor for is not unexpected when a module of the model declares it as legacy
    /// (<see cref="ILegacyCheckpointKeys"/>): that module checks its stored values, and the key is skipped. A LLaMA with
    /// tied embeddings accepts an <c>lm_head.weight</c> only as an exact copy of <c>model.embed_tokens.weight</c>.
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
        var skipped = legacy.Keys.ToHashSet(StringComparer.Ordinal);
        if (StoresHeadOfTiedModel(module, checkpoint.Keys, targets))
        {
            if (TiedHead.CheckStoredHead(checkpoint[TiedHead.HeadKey], checkpoint.GetValueOrDefault(TiedHead.EmbeddingKey)) is { } problem) misvalued.Add(problem);
            skipped.Add(TiedHead.HeadKey);
        }
        var stored = checkpoint.Where(p => !skipped.Contains(p.Key))
            .ToDictionary(p => p.Key, p => StoredTensor.Of(p.Value), StringComparer.Ordinal);
        misvalued.AddRange(checkpoint.Where(p => !skipped.Contains(p.Key)).Select(p => Unreadable(p.Key, p.Value)).OfType<ValueMismatch>());
        StateDictComparison.RequireMatch(targets, stored, source, module.GetType().Name, misvalued, hints: Hints(module, checkpoint.Keys.ToList()));
        using var _ = no_grad();
        foreach (var (key, target) in targets) target.copy_(checkpoint[key]);
    }

    /// <summary>
    /// Why copy_ could not read <paramref name="tensor"/>, found before the first copy so that a load never stops half
    /// done over it: a meta tensor has no data, a sparse one does not copy into a dense parameter.
    /// </summary>
    private static ValueMismatch? Unreadable(string key, Tensor tensor) =>
        tensor.device_type == DeviceType.META ? new ValueMismatch(key, "a tensor holding data", "a meta tensor (shape and dtype only, no data)")
        : tensor.is_sparse ? new ValueMismatch(key, "a dense tensor", "a sparse tensor")
        : null;

    /// <summary>
    /// Loads a safetensors checkpoint into the module by key; see <see cref="LoadStateDict"/> for the rules. The path
    /// is a <c>.safetensors</c> file, a Hugging Face shard index (<c>*.safetensors.index.json</c>), or a Hugging Face
    /// model folder holding <c>model.safetensors</c> or <c>model.safetensors.index.json</c>: for a LLaMA, the folder's
    /// <c>config.json</c>, when it has one, is compared with the model's declaration first, and a
    /// <see cref="ConfigMismatchException"/> names every key that disagrees before any weight is read. Every header is
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
        if (Directory.Exists(path)) path = PretrainedFolder.WeightsFor(module, path);
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
        var skipped = legacy.Keys.ToHashSet(StringComparer.Ordinal);
        var hints = Hints(module, stored.Keys);
        if (StoresHeadOfTiedModel(module, stored.Keys, targets))
        {
            if (CheckTiedHead(headers) is { } problem) misvalued.Add(problem);
            skipped.Add(TiedHead.HeadKey);
        }
        foreach (var key in skipped) stored.Remove(key);
        StateDictComparison.RequireMatch(targets, stored, path, module.GetType().Name, misvalued, misindexed, hints);

        using var _ = no_grad();
        foreach (var file in headers)
            file.ForEachTensor(e => !skipped.Contains(e.Name), (key, tensor) => targets[key].copy_(tensor));
    }

    /// <summary>Whether a LLaMA that ties its head meets a checkpoint that stores one.</summary>
    private static bool StoresHeadOfTiedModel(nn.Module module, IEnumerable<string> storedKeys, IReadOnlyDictionary<string, Tensor> targets) =>
        TiedHead.Ties(module) == true && !targets.ContainsKey(TiedHead.HeadKey) && storedKeys.Contains(TiedHead.HeadKey);

    private static List<string> Hints(nn.Module module, ICollection<string> storedKeys) =>
        TiedHead.MissingHeadHint(module, storedKeys) is { } hint ? [hint] : [];

    // A tied model meets a stored head: it is read, then compared with the stored embedding as that streams by. Two
    // matrices of the vocabulary's size in memory, on a path only a mislabelled or duplicate-saving checkpoint takes.
    private static ValueMismatch? CheckTiedHead(List<SafetensorsFile> headers)
    {
        Tensor? head = null;
        try
        {
            foreach (var file in headers) file.ForEachTensor(e => e.Name == TiedHead.HeadKey, (_, tensor) => head = tensor.clone());
            ValueMismatch? problem = TiedHead.CheckStoredHead(head!, null);
            foreach (var file in headers) file.ForEachTensor(e => e.Name == TiedHead.EmbeddingKey, (_, embedding) => problem = TiedHead.CheckStoredHead(head!, embedding));
            return problem;
        }
        finally
        {
            head?.Dispose();
        }
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
    public static void SaveSafetensors(this nn.Module module, string path, ScalarType? floatingType = null) =>
        Save(module, path, floatingType, metadata: null);

    /// <summary>
    /// Saves a LLaMA as a Hugging Face model folder, as <c>save_pretrained</c> writes one: <c>model.safetensors</c>
    /// (Hugging Face keys, metadata <c>format: pt</c>) and <c>config.json</c> (<see cref="HuggingFaceConfig"/>).
    /// transformers' <c>LlamaForCausalLM.from_pretrained(folder)</c> loads an RMSNorm model from it; a DyT, Derf or
    /// LayerNorm model's config says what it is, and <see cref="LoadSafetensors"/> on the folder loads it back.
    /// </summary>
    /// <param name="module">A generated LLaMA.</param>
    /// <param name="folder">The folder to write (created if needed; both files are replaced).</param>
    /// <param name="floatingType">Null keeps the model's dtype; Float16 or BFloat16 halves the file.</param>
    public static void SavePretrained(this nn.Module module, string folder, ScalarType? floatingType = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(folder);
        if (module is not IDeclaredModel { Declaration: LlamaDeclaration declaration })
            throw new ArgumentException(
                $"SavePretrained writes LLaMA folders (transformers' LlamaConfig); {module.GetType().Name} is {(module is IDeclaredModel other ? $"a {other.Declaration.Family} model" : "not a generated model")}.",
                nameof(module));
        Directory.CreateDirectory(folder);
        Save(module, Path.Combine(folder, PretrainedFolder.WeightsFile), floatingType, new Dictionary<string, string> { ["format"] = "pt" });
        HuggingFaceConfig.Save(declaration, Path.Combine(folder, HuggingFaceConfig.FileName), floatingType ?? module.parameters().First().dtype);
    }

    private static void Save(nn.Module module, string path, ScalarType? floatingType, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (floatingType is { } type && !IsFloating(type))
            throw new ArgumentException($"floatingType must be a floating-point type; got {type}.", nameof(floatingType));
        using var scope = NewDisposeScope();
        var tensors = module.state_dict().ToDictionary(
            pair => pair.Key,
            pair => floatingType is { } t && IsFloating(pair.Value.dtype) ? pair.Value.to(t) : pair.Value);
        Safetensors.Save(tensors, path, metadata);
    }

    private static bool IsFloating(ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
}
