using System;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>DiT's fixed 2-D sine-cosine position embedding (<c>get_2d_sincos_pos_embed</c>).</summary>
public static class SinCosPosEmbed
{
    /// <summary>
    /// (1, grid * grid, dim) float32. Token k = row * grid + column; the first half of the channels embeds the column
    /// and the second half the row, as DiT's meshgrid(w, h) order does; each half is sin then cos.
    /// </summary>
    public static Tensor Create2D(long dim, long grid)
    {
        if (dim <= 0 || dim % 4 != 0) throw new ArgumentException($"dim must be a positive multiple of 4; got {dim}.", nameof(dim));
        if (grid <= 0) throw new ArgumentOutOfRangeException(nameof(grid), grid, $"grid must be > 0; got {grid}.");
        var values = new float[grid * grid * dim];
        long quarter = dim / 4;
        for (long row = 0; row < grid; row++)
            for (long column = 0; column < grid; column++)
            {
                long offset = (row * grid + column) * dim;
                Fill(values, offset, column, quarter);
                Fill(values, offset + dim / 2, row, quarter);
            }
        return tensor(values, new[] { 1, grid * grid, dim });
    }

    // get_1d_sincos_pos_embed_from_grid: omega_i = 1 / 10000^(i / quarter); [sin(pos * omega), cos(pos * omega)].
    private static void Fill(float[] values, long offset, long position, long quarter)
    {
        for (long i = 0; i < quarter; i++)
        {
            var angle = position / Math.Pow(10000, (double)i / quarter);
            values[offset + i] = (float)Math.Sin(angle);
            values[offset + quarter + i] = (float)Math.Cos(angle);
        }
    }
}
