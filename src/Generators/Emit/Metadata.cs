using System.Collections.Generic;
using System.Linq;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit;

/// <summary>The static facts every generated model carries: parameter count, norm kind, alphas and a summary.</summary>
internal static class Metadata
{
    public static void ParameterCount(CodeWriter writer, ModuleTree tree)
    {
        writer.Line("/// <summary>Learnable parameters, counted at compile time.</summary>");
        writer.Line($"public const long ParameterCount = {Literals.Long(tree.Total)};");
        writer.Line();
    }

    public static void NormKindConstant(CodeWriter writer, NormKind norm, string where)
    {
        writer.Line($"/// <summary>The norm layer {where}.</summary>");
        writer.Line($"public const {TypeNames.NormKind} NormKind = {TypeNames.NormKind}.{norm};");
        writer.Line();
    }

    /// <summary>A <c>public const double</c> alpha, written only when the norm has one.</summary>
    public static void Alpha(CodeWriter writer, NormKind norm, string name, double value, string which)
    {
        if (norm is not (NormKind.DyT or NormKind.Derf)) return;
        writer.Line($"/// <summary>Initial alpha of {which}.</summary>");
        writer.Line($"public const double {name} = {Literals.Double(value)};");
        writer.Line();
    }

    /// <summary>The module tree, then the norm facts, as one readable string constant.</summary>
    public static void Summary(CodeWriter writer, ModuleTree tree, IEnumerable<string> facts)
    {
        var lines = tree.Lines().Concat(facts).ToList();
        writer.Line("/// <summary>The module tree with parameter counts, and the norm layers, as the generator computed them.</summary>");
        writer.Line("public const string Summary =");
        for (var i = 0; i < lines.Count; i++)
            writer.Line("    " + Literals.String(lines[i] + "\n") + (i == lines.Count - 1 ? ";" : " +"));
        writer.Line();
    }
}
