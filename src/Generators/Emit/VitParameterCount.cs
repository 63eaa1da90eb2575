using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>The parameter count of a ViT, term by term as timm's VisionTransformer has them.</summary>
internal static class VitParameterCount
{
    public static long Of(VitSpec spec, NormSite norm)
    {
        long d = spec.Dim, hidden = spec.MlpHidden;
        long patchEmbed = spec.InChannels * (long)spec.PatchSize * spec.PatchSize * d + d;
        long clsToken = d;
        long posEmbed = (spec.NumPatches + 1) * d;
        long attention = (d * 3 * d + 3 * d) + (d * d + d);
        long mlp = (d * hidden + hidden) + (hidden * d + d);
        long block = 2 * norm.ParameterCount + attention + mlp;
        long head = d * spec.NumClasses + spec.NumClasses;
        return patchEmbed + clsToken + posEmbed + spec.Depth * block + norm.ParameterCount + head;
    }
}
