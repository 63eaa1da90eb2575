using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// Norms about to be replaced in every place they are held, in two steps so that a caller can stop in between:
/// <c>Prepare</c> checks that every norm has a replacement, builds one per norm (shared norms get one, shared the
/// same way) and checks every place; <see cref="Commit"/> puts them there. Disposing before <see cref="Commit"/>
/// disposes the replacements and leaves the model as it was.
/// </summary>
internal sealed class NormReplacement : IDisposable
{
    private readonly List<IGrouping<nn.Module, NormSlot>> norms;
    private readonly Dictionary<nn.Module, nn.Module> replacements;
    private bool committed;

    private NormReplacement(List<IGrouping<nn.Module, NormSlot>> norms, Dictionary<nn.Module, nn.Module> replacements)
    {
        this.norms = norms;
        this.replacements = replacements;
    }

    /// <summary>How many norms will be replaced (a norm held in several places counts once).</summary>
    public int Count => replacements.Count;

    /// <summary>Prepares the replacement of norms that all have one (as norm folding's do).</summary>
    /// <param name="slots">Every place of every norm to replace, as <see cref="NormSlot.Find"/> returns them.</param>
    /// <param name="replacementFor">The new module for a norm; called once per norm.</param>
    /// <param name="parameterName">The caller's parameter named in the exception.</param>
    public static NormReplacement Prepare(IEnumerable<NormSlot> slots, Func<nn.Module, nn.Module> replacementFor, string parameterName) =>
        Prepare(slots, _ => null, replacementFor, parameterName);

    /// <summary>
    /// Checks that every norm in <paramref name="slots"/> has a replacement, builds it (in the norm's dtype, on its
    /// device, in its training mode: see <see cref="ReplacementSettings"/>) and checks that it fits every place the
    /// norm is held. Throws an ArgumentException naming every norm without a replacement and every place that refuses
    /// one, after disposing what it built.
    /// </summary>
    /// <param name="slots">Every place of every norm to replace, as <see cref="NormSlot.Find"/> returns them.</param>
    /// <param name="unfit">
    /// Why a norm has no replacement, as the end of a sentence that starts with its type and path; null when it has one.
    /// </param>
    /// <param name="replacementFor">The new module for a norm that <paramref name="unfit"/> accepts; called once per norm.</param>
    /// <param name="parameterName">The caller's parameter named in the exception.</param>
    public static NormReplacement Prepare(IEnumerable<NormSlot> slots, Func<nn.Module, string?> unfit,
        Func<nn.Module, nn.Module> replacementFor, string parameterName)
    {
        var norms = slots.GroupBy<NormSlot, nn.Module>(slot => slot.Current, ReferenceEqualityComparer.Instance).ToList();
        var replacements = new Dictionary<nn.Module, nn.Module>(ReferenceEqualityComparer.Instance);
        try
        {
            var refusals = new List<string>();
            foreach (var norm in norms)
            {
                if (unfit(norm.Key) is { } reason)
                {
                    refusals.Add($"The {norm.Key.GetType().Name} at {Paths(norm)} {reason}");
                    continue;
                }
                var replacement = replacementFor(norm.Key);
                replacements.Add(norm.Key, replacement);
                ReplacementSettings.TakeFrom(replacement, norm.Key, norm.First().Owner);
                if (Refusal(norm.ToList(), replacement) is { } refusal) refusals.Add(refusal);
            }
            if (refusals.Count > 0)
                throw new ArgumentException(string.Join("; ", refusals) + ". Nothing was replaced.", parameterName);
        }
        catch
        {
            foreach (var replacement in replacements.Values) replacement.Dispose();
            throw;
        }
        return new NormReplacement(norms, replacements);
    }

    /// <summary>
    /// Puts each replacement in every place its norm was held, registers it under the same names (state-dict keys stay)
    /// and disposes the replaced norms.
    /// </summary>
    /// <returns>How many norms were replaced.</returns>
    public int Commit()
    {
        if (committed) throw new InvalidOperationException("These norms have already been replaced.");
        committed = true;
        var slots = norms.SelectMany(norm => norm).ToList();
        foreach (var slot in slots) slot.Put(replacements[slot.Current]);
        foreach (var owner in slots.Select(slot => slot.Owner).Distinct<nn.Module>(ReferenceEqualityComparer.Instance))
            NormSlot.Reregister(owner, replacements);
        foreach (var replaced in replacements.Keys) replaced.Dispose();
        return replacements.Count;
    }

    /// <summary>Disposes the replacements if they were never committed.</summary>
    public void Dispose()
    {
        if (committed) return;
        committed = true;
        foreach (var replacement in replacements.Values) replacement.Dispose();
    }

    /// <summary>Why one norm cannot become <paramref name="replacement"/> in every place it is held, or null.</summary>
    private static string? Refusal(List<NormSlot> places, nn.Module replacement)
    {
        var reasons = places.Select(place => place.Refusal(replacement)).OfType<string>().Distinct().ToList();
        if (reasons.Count == 0) return null;
        if (places.Count == 1) return reasons[0];
        return $"The {places[0].Current.GetType().Name} shared by {Paths(places)} must become one {replacement.GetType().Name} in every place: " +
            string.Join("; ", reasons);
    }

    /// <summary>Every path a norm is held at, quoted: <c>'blocks.0.norm'</c> or <c>'n1', 'n2'</c>.</summary>
    private static string Paths(IEnumerable<NormSlot> places) =>
        string.Join(", ", places.Select(place => $"'{place.Path}'").Distinct());
}
