using DyT.Generators.Text;

namespace DyT.Generators.Specs;

/// <summary>
/// The paper's optimal initial alpha for DyT LLaMA models by width (Table 11; independent of depth 8-64):
/// 1024 → 1.0/1.0, 2048 → 1.0/0.5, 4096 → 0.8/0.2, 8192 → 0.2/0.05 (attention / FFN and final norms).
/// Widths between two rows take the row of the next larger width, the smaller alphas: wider needs smaller alpha, and
/// too large an alpha is what destabilizes training. Widths up to 1024 take the 1024 row; beyond 8192 the 8192 row
/// (outside what the paper tested; analyzer DYT007 says so).
/// </summary>
internal static class LlamaAlphaTable
{
    private static readonly (int Width, double Attention, double Other)[] Rows =
    [
        (1024, 1.0, 1.0),
        (2048, 1.0, 0.5),
        (4096, 0.8, 0.2),
        (8192, 0.2, 0.05),
    ];

    /// <summary>The widest width the paper tested.</summary>
    public const int WidestTested = 8192;

    /// <summary>The row for <paramref name="width"/>: its table width, attention alpha and FFN/final alpha.</summary>
    public static (int TableWidth, double Attention, double Other) For(int width)
    {
        foreach (var row in Rows)
            if (width <= row.Width) return row;
        return Rows[Rows.Length - 1];
    }

    /// <summary>Why these values, for a comment in generated code and for diagnostics.</summary>
    public static string Reason(int width)
    {
        var (tableWidth, attention, other) = For(width);
        var mapping = width == tableWidth ? $"width {Literals.Int(width)}"
            : width < tableWidth ? $"width {Literals.Int(width)}, mapped up to the table's {Literals.Int(tableWidth)} row (wider needs smaller alpha)"
            : $"width {Literals.Int(width)}, beyond the widest tested ({Literals.Int(WidestTested)}); using its row";
        return $"paper Table 11, {mapping}: attention {Literals.Double(attention)}, FFN and final {Literals.Double(other)}";
    }
}
