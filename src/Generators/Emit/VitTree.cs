using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>A ViT's modules and parameter counts, term by term as timm's VisionTransformer has them.</summary>
internal static class VitTree
{
    public static ModuleTree Of(VitSpec spec, NormSite norm)
    {
        long d = spec.Dim, hidden = spec.MlpHidden;
        var block = new ModuleTree("blocks", repeat: spec.Depth, note: "pre-norm Block")
            .Add("norm1", norm.ParameterCount, norm.Description)
            .Add("attn", checked(d * 3 * d + 3 * d + d * d + d), $"{spec.Heads} heads")
            .Add("norm2", norm.ParameterCount, norm.Description)
            .Add("mlp", checked(d * hidden + hidden + hidden * d + d), $"hidden {hidden}");
        return new ModuleTree(spec.Target.Name)
            .Add("patch_embed", checked(spec.InChannels * (long)spec.PatchSize * spec.PatchSize * d + d), $"{spec.PatchSize}x{spec.PatchSize} patches")
            .Add("cls_token", d)
            .Add("pos_embed", checked((spec.NumPatches + 1) * d), $"{spec.NumPatches} patches + the class token")
            .Add(block)
            .Add("norm", norm.ParameterCount, norm.Description)
            .Add("head", checked(d * spec.NumClasses + spec.NumClasses));
    }
}
