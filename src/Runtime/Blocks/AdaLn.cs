using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>DiT's adaptive LayerNorm pieces: the modulation MLP and <c>modulate</c>.</summary>
public static class AdaLn
{
    /// <summary>
    /// <c>Sequential(SiLU, Linear(dim, chunks * dim))</c> (key <c>adaLN_modulation.1.*</c>). adaLN-Zero zeroes its
    /// linear so every block starts as the identity; otherwise it keeps DiT's xavier-uniform init.
    /// </summary>
    public static Sequential Modulation(long dim, long chunks, bool zeroInit)
    {
        var linear = nn.Linear(dim, chunks * dim);
        if (zeroInit) WeightInit.ZeroLinear(linear);
        else WeightInit.XavierLinear(linear);
        return nn.Sequential(nn.SiLU(), linear);
    }

    /// <summary><c>x * (1 + scale) + shift</c> with (B, dim) shift and scale broadcast over the tokens of (B, N, dim) x.</summary>
    public static Tensor Modulate(Tensor x, Tensor shift, Tensor scale) => x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1);
}
