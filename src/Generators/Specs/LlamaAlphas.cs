using System.Collections.Generic;

namespace DyT.Generators.Specs;

/// <summary>The initial alphas of a DyT LLaMA and where each came from, for the comment in the generated code.</summary>
internal sealed record LlamaAlphas(double Attention, double Ffn, double Final, string Reason)
{
    public static LlamaAlphas Resolve(LlamaSpec spec)
    {
        var row = LlamaAlphaTable.For(spec.Dim);
        var fromTable = new List<string>();
        double Pick(double? written, double table, string name)
        {
            if ((written ?? spec.AlphaInit) is { } value) return value;
            fromTable.Add(name);
            return table;
        }
        var attention = Pick(spec.AlphaInitAttention, row.Attention, "attention");
        var ffn = Pick(spec.AlphaInitFfn, row.Other, "FFN");
        var final = Pick(spec.AlphaInitFinal, row.Other, "final");
        var reason = fromTable.Count == 0
            ? "all written in the attribute"
            : $"{string.Join(", ", fromTable)} from the {LlamaAlphaTable.Reason(spec.Dim)}";
        return new LlamaAlphas(attention, ffn, final, reason);
    }
}
