using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace DyT.Inference;

/// <summary>
/// One kind of norm in a generated model and the Linear layers that read its output, as paths relative to the model.
/// The generator writes these forwards, so what reads each norm's output is known: the norm's output goes to these
/// layers and nowhere else.
/// </summary>
/// <param name="Norm">The norm's path, with the block index as group 1.</param>
/// <param name="Linears">The Linear layers' paths; <c>$1</c> stands for the block index.</param>
/// <param name="Reads">How the layers read the output, for messages and docs.</param>
/// <param name="MayBeTied">
/// The layer is an LM head that may be tied to the token embedding (absent, or sharing its weight): the norm is then
/// kept, since folding into the head would scale the embedding too.
/// </param>
internal sealed record FoldingRule(Regex Norm, IReadOnlyList<string> Linears, string Reads, bool MayBeTied = false)
{
    /// <summary>The Linear layers' paths for the norm at <paramref name="relativePath"/>, or null when this rule is for another norm.</summary>
    public IReadOnlyList<string>? LinearsFor(string relativePath)
    {
        var match = Norm.Match(relativePath);
        return match.Success ? Linears.Select(match.Result).ToList() : null;
    }
}
