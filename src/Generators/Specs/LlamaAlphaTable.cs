using DyT.Generators.Text;

namespace DyT.Generators.Specs;

/// <summary>
/// The initial alphas of a DyT LLaMA by width (attention / FFN and final norms). The paper's Table 11 (optimal alpha0,
/// independent of depth 8-64): 1024 → 1.0/1.0, 2048 → 1.0/0.5, 4096 → 0.8/0.2, 8192 → 0.2/0.05. Where the authors
/// trained a model at a width between those rows, their setting for it is a row too: LLaMA-13B, width 5120, was
/// trained with 0.6/0.15 (their LLaMA README; the Llama2_13B preset). Their 7B (4096: 0.8/0.2) and 34B/70B (8192:
/// 0.2/0.05) settings equal Table 11's rows.
/// Widths between two rows take the row of the next larger width, the smaller alphas: wider needs smaller alpha, and
/// too large an alpha is what destabilizes training. Widths up to 1024 take the 1024 row; beyond 8192 the 8192 row
/// (outside what the paper tested; analyzer DYT007 says so).
/// </summary>
internal static class LlamaAlphaTable
{
    private const string Table11 = "paper Table 11";

    private static readonly Row[] Rows =
    [
        new(1024, 1.0, 1.0, Table11),
        new(2048, 1.0, 0.5, Table11),
        new(4096, 0.8, 0.2, Table11),
        new(5120, 0.6, 0.15, "authors' LLaMA-13B setting"),
        new(8192, 0.2, 0.05, Table11),
    ];

    /// <summary>The widest width the paper tested.</summary>
    public const int WidestTested = 8192;

    /// <summary>One row: its width, attention alpha, FFN and final alpha, and where the values come from.</summary>
    public sealed record Row(int Width, double Attention, double Other, string Source);

    /// <summary>The row for <paramref name="width"/>.</summary>
    public static Row For(int width)
    {
        foreach (var row in Rows)
            if (width <= row.Width) return row;
        return Rows[Rows.Length - 1];
    }

    /// <summary>Why these values, for a comment in generated code, for diagnostics and for the code fix's title.</summary>
    public static string Reason(int width)
    {
        var row = For(width);
        var mapping = width == row.Width ? $"width {Literals.Int(width)}"
            : width < row.Width ? $"width {Literals.Int(width)}, mapped up to the table's {Literals.Int(row.Width)} row (wider needs smaller alpha)"
            : $"width {Literals.Int(width)}, beyond the widest tested ({Literals.Int(WidestTested)}); using its row";
        return $"{row.Source}, {mapping}: attention {Literals.Double(row.Attention)}, FFN and final {Literals.Double(row.Other)}";
    }
}
