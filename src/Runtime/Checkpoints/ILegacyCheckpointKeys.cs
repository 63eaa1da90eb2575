using System.Collections.Generic;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// A module that accepts checkpoint keys it has no tensor for: keys older checkpoints store for something the module
/// now computes itself (Hugging Face declares these per class in <c>_keys_to_ignore_on_load_unexpected</c>). The
/// checkpoint loaders (<see cref="Checkpoint.LoadStateDict"/>, <see cref="Checkpoint.LoadSafetensors"/>, shards
/// included) ask the module that owns such a key whether the stored values agree with it, instead of reporting the
/// key as unexpected; an accepted key is skipped, a disagreeing one is reported as misvalued and nothing loads.
/// </summary>
public interface ILegacyCheckpointKeys
{
    /// <summary>
    /// The keys this module accepts, relative to the module (for example <c>rotary_emb.inv_freq</c>: under a module
    /// at <c>model.layers.0.self_attn</c> the checkpoint key is <c>model.layers.0.self_attn.rotary_emb.inv_freq</c>).
    /// A key the module's state dict has is loaded as usual, never asked about.
    /// </summary>
    IReadOnlyCollection<string> LegacyKeys { get; }

    /// <summary>
    /// Whether the tensor a checkpoint stores under one of <see cref="LegacyKeys"/> agrees with this module: null
    /// accepts it (the loader skips it), a <see cref="LegacyKeyMismatch"/> says what the module expected and what the
    /// checkpoint holds (the loader reports it as misvalued and loads nothing).
    /// </summary>
    /// <param name="key">One of <see cref="LegacyKeys"/>.</param>
    /// <param name="stored">The tensor as the checkpoint holds it (its dtype, its device); the module must not keep it.</param>
    LegacyKeyMismatch? CheckLegacyKey(string key, Tensor stored);
}

/// <summary>What a module expected of a legacy checkpoint key (<see cref="ILegacyCheckpointKeys"/>) and what the checkpoint holds.</summary>
/// <param name="Expected">What the module computes, in words (e.g. "64 rotary frequencies of base 10000").</param>
/// <param name="Actual">What the stored tensor holds, in words.</param>
public sealed record LegacyKeyMismatch(string Expected, string Actual);
