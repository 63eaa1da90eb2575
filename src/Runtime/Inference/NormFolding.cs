using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Inference;

/// <summary>
/// Folds each norm's per-channel affine into the Linear layers that read its output, for inference (FlashNorm,
/// arXiv 2407.09577): <c>W (g ⊙ x + b) + c = (W diag(g)) x + (W b + c)</c>. What remains of each norm is its
/// normalization alone: <c>tanh(alpha x)</c> for DyT, <c>erf(alpha x + shift)</c> for Derf, the normalized x for
/// RMSNorm and LayerNorm. The folded model computes the same outputs (within float32 rounding) with less work per norm.
/// </summary>
/// <remarks>
/// <para>
/// <b>What folds where.</b> Folding knows the forwards the generator writes, so it folds the norms of generated
/// models, found by module path (a generated model may sit inside a larger one):
/// </para>
/// <list type="bullet">
/// <item>ViT: <c>blocks.{i}.norm1</c> into <c>blocks.{i}.attn.qkv</c>; <c>blocks.{i}.norm2</c> into
/// <c>blocks.{i}.mlp.fc1</c>; the final <c>norm</c> into <c>head</c> (the head reads the class token of the norm's
/// output, and picking a token commutes with a per-channel affine).</item>
/// <item>LLaMA: <c>model.layers.{i}.input_layernorm</c> into <c>self_attn.q_proj</c>, <c>k_proj</c> and <c>v_proj</c>;
/// <c>model.layers.{i}.post_attention_layernorm</c> into <c>mlp.gate_proj</c> and <c>up_proj</c>; <c>model.norm</c>
/// into <c>lm_head</c> when the head is its own Linear layer. A head tied to the token embedding (no <c>lm_head</c>,
/// or one sharing its weight) keeps <c>model.norm</c> as it is: folding into it would scale the embedding too. It is
/// listed in <see cref="NormFoldingResult.Kept"/>.</item>
/// <item>DiT norms have no affine (<c>tanh(alpha x)</c> alone), so there is nothing to fold; norms without an affine
/// are left alone in any model.</item>
/// </list>
/// <para>
/// <b>Refusals.</b> <see cref="Fold"/> throws an ArgumentException and changes nothing when any module of the model is
/// in training mode (call <c>eval()</c> first), or when a norm with an affine feeds anything other than the Linear
/// layers above: a norm outside a generated ViT or LLaMA (its readers are unknown), one a generated model uses
/// elsewhere (DiT's RMSNorm feeds adaLN modulation, ConvNeXt's norms feed convolutions), a channels-first norm, a
/// norm shared by several places, a Linear layer missing, of another width, sharing its weight or held at several
/// places (one module shared by two layers: the message names every place), or a BatchNorm, GroupNorm,
/// InstanceNorm, LayerNorm2d or RmsNorm2d with parameters. The message names every such path.
/// </para>
/// <para>
/// <b>Bias.</b> A Linear layer without a bias gains one when the norm before it has a bias (<c>W b</c>); one with a
/// bias keeps it, changed to <c>W b + c</c>. A ViT gains none: its <c>qkv</c>, <c>fc1</c> and <c>head</c> have
/// biases. LLaMA's projections and head have none, so a LLaMA gains one wherever its norm has a bias: never with
/// RMSNorm, DyT or Derf (weight only), and on every Linear layer it folds into with LayerNorm. The weights are
/// computed in float64 and rounded once to the layer's dtype.
/// </para>
/// <para>
/// <b>State-dict keys of a folded model.</b> Each folded norm loses <c>&lt;norm&gt;.weight</c> and <c>&lt;norm&gt;.bias</c>;
/// a DyT keeps <c>&lt;norm&gt;.alpha</c>, a Derf <c>&lt;norm&gt;.alpha</c> and <c>&lt;norm&gt;.shift</c>, and LayerNorm and
/// RMSNorm keep nothing. Each Linear layer keeps its keys, with new values, and gains <c>&lt;linear&gt;.bias</c> where
/// <see cref="FoldedNorm.AddedBiases"/> lists it. For a ViT: <c>blocks.{i}.norm1.*</c>, <c>blocks.{i}.norm2.*</c> and
/// <c>norm.*</c> weight and bias are gone. For a LLaMA: <c>model.layers.{i}.input_layernorm.weight</c>,
/// <c>model.layers.{i}.post_attention_layernorm.weight</c> and (untied head) <c>model.norm.weight</c> are gone; with
/// LayerNorm their <c>.bias</c> keys are gone too, and the model gains <c>model.layers.{i}.self_attn.q_proj.bias</c>,
/// <c>k_proj.bias</c>, <c>v_proj.bias</c>, <c>model.layers.{i}.mlp.gate_proj.bias</c>, <c>up_proj.bias</c> and
/// (untied head) <c>lm_head.bias</c>.
/// </para>
/// <para>
/// <b>A folded model is for inference.</b> Its norms have no affine left to train, and its checkpoint is not the
/// model's: saving it gives a checkpoint that only a folded model of the same declaration loads (an unfolded one
/// misses the norm weights, and the Linear values differ). Fold after loading the trained checkpoint; keep the
/// unfolded checkpoint as the one to share. The generated <c>ParameterCount</c> describes the unfolded model.
/// </para>
/// </remarks>
public static class NormFolding
{
    /// <summary>
    /// Folds the affine of every norm of <paramref name="model"/> into the Linear layers after it, in place; see the
    /// class remarks for what folds where, what is refused and which keys result. All or nothing: when it refuses,
    /// the model is left as it was.
    /// </summary>
    /// <param name="model">A generated ViT or LLaMA (or a module holding some) in evaluation mode.</param>
    /// <returns>The norms folded, with their Linear layers, and the norms kept.</returns>
    /// <exception cref="ArgumentException">A module is in training mode, or a norm cannot be folded; the message names them.</exception>
    public static NormFoldingResult Fold(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        RefuseTraining(model);
        var plan = FoldingPlan.Of(model);
        if (plan.Refusals.Count > 0)
            throw new ArgumentException(
                $"Cannot fold the norms of {model.GetType().Name}: {Listed(plan.Refusals, "; ")}. Nothing was changed.", nameof(model));
        var linearFolds = new List<LinearFold>();
        try
        {
            var folded = new List<FoldedNorm>();
            foreach (var fold in plan.Folds)
            {
                var computed = fold.Linears.Select(linear => (linear.Path, Fold: LinearFold.Compute(linear.Linear, fold.Affine))).ToList();
                linearFolds.AddRange(computed.Select(linear => linear.Fold));
                folded.Add(new FoldedNorm(fold.Path, computed.Select(linear => linear.Path).ToList(),
                    computed.Where(linear => linear.Fold.AddsBias).Select(linear => linear.Path).ToList()));
            }
            using var replacement = NormReplacement.Prepare(plan.Folds.SelectMany(fold => fold.Slots), NormAffine.WithoutAffine, nameof(model));
            foreach (var linearFold in linearFolds) linearFold.Apply();
            replacement.Commit();
            return new NormFoldingResult(folded, plan.Kept);
        }
        finally
        {
            foreach (var linearFold in linearFolds) linearFold.Dispose();
        }
    }

    private static void RefuseTraining(nn.Module model)
    {
        var training = new[] { ("", model) }.Concat(model.named_modules())
            .Where(entry => entry.Item2.training)
            .Select(entry => entry.Item1.Length == 0 ? "the model itself" : $"'{entry.Item1}'")
            .ToList();
        if (training.Count > 0)
            throw new ArgumentException(
                $"Folding is for inference: call eval() on {model.GetType().Name} first; in training mode: {Listed(training, ", ")}. Nothing was changed.",
                nameof(model));
    }

    /// <summary>The first twenty items, and how many more; a deep model refused for one reason repeats it per block.</summary>
    private static string Listed(IReadOnlyList<string> items, string separator) =>
        string.Join(separator, items.Take(20)) + (items.Count > 20 ? $"{separator}and {items.Count - 20} more" : "");
}
