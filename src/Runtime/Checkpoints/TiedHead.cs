using System.Collections.Generic;
using System.Linq;
using DyT.Declarations;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// A LLaMA's LM head against a checkpoint's. A model with tied embeddings (TieEmbeddings, Hugging Face's
/// <c>tie_word_embeddings</c>) has no <c>lm_head.weight</c>: it accepts one only as an exact copy of
/// <c>model.embed_tokens.weight</c> (some tools save both), and refuses a distinct one, which belongs to an untied
/// model. An untied model missing <c>lm_head.weight</c> beside an embedding is told why: the checkpoint is a tied one's.
/// </summary>
internal static class TiedHead
{
    public const string HeadKey = "lm_head.weight";
    public const string EmbeddingKey = "model.embed_tokens.weight";

    /// <summary>Whether the model is a LLaMA, and then whether it ties its head; null for other models.</summary>
    public static bool? Ties(nn.Module module) => module is IDeclaredModel { Declaration: LlamaDeclaration declaration } ? declaration.TieEmbeddings : null;

    /// <summary>Null when a tied model may skip the checkpoint's <paramref name="head"/> (a copy of <paramref name="embedding"/>), else why not.</summary>
    public static ValueMismatch? CheckStoredHead(Tensor head, Tensor? embedding)
    {
        const string expected = "no lm_head.weight, or an exact copy of model.embed_tokens.weight: this model ties its LM head to the embedding (TieEmbeddings = true)";
        if (embedding is null)
            return new ValueMismatch(HeadKey, expected, "an lm_head.weight and no model.embed_tokens.weight");
        if (!head.shape.SequenceEqual(embedding.shape))
            return new ValueMismatch(HeadKey, expected, $"a distinct lm_head.weight of shape {ShapeMismatch.Format(head.shape)}: an untied model's checkpoint");
        using var scope = NewDisposeScope();
        var difference = (head.to(ScalarType.Float64) - embedding.to(ScalarType.Float64)).abs().max().item<double>();
        return difference == 0 ? null
            : new ValueMismatch(HeadKey, expected, $"a distinct lm_head.weight (it differs from model.embed_tokens.weight by up to {difference:G4}): an untied model's checkpoint (declare TieEmbeddings = false)");
    }

    /// <summary>Why an untied LLaMA finds no <c>lm_head.weight</c>, when the checkpoint is a tied model's; else null.</summary>
    public static string? MissingHeadHint(nn.Module module, ICollection<string> storedKeys) =>
        Ties(module) == false && !storedKeys.Contains(HeadKey) && storedKeys.Contains(EmbeddingKey)
            ? $"{HeadKey}: this model has its own LM head (TieEmbeddings = false), but the checkpoint has none beside {EmbeddingKey}: " +
              "it was saved from a model with tied embeddings (tie_word_embeddings); declare TieEmbeddings = true to load it."
            : null;
}
