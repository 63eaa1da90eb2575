namespace DyT.Generators.Specs;

/// <summary>LLaMA's FFN width rule, used when FfnDim is not written.</summary>
internal static class LlamaFfn
{
    /// <summary>int(2/3 * 4 * dim) rounded up to a multiple of 256, as Meta's reference code (4096 → 11008).</summary>
    public static long Hidden(long dim) => (8 * dim / 3 + 255) / 256 * 256;
}
