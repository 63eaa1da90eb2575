using DyT.Generators.Specs;

namespace DyT.Generators.Emit.Twin;

/// <summary>The norm sites of each family, built as its C# emitter builds them (same eps, alpha, affine and layout).</summary>
internal static class TwinNorms
{
    public static NormSite Vit(VitSpec spec) => new(spec.Norm, spec.Dim, spec.AlphaInit, VitEmitter.Eps);

    /// <summary>DiT's norms before modulation have no affine: adaLN supplies scale and shift.</summary>
    public static NormSite Dit(DitSpec spec) => new(spec.Norm, spec.Dim, spec.AlphaInit, DitEmitter.Eps, NormAffine.None);

    /// <summary>ConvNeXt's channels-last norm in the blocks and channels-first one in stem, downsampling and head.</summary>
    public static (NormSite Token, NormSite Map) ConvNext(ConvNextSpec spec)
    {
        var token = new NormSite(spec.Norm, spec.Dims[0], spec.AlphaInit, ConvNextEmitter.Eps);
        return (token, token with { ChannelsFirst = true });
    }
}
