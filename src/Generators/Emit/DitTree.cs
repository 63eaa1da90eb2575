using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>A DiT's modules and parameter counts as facebookresearch/DiT has them (the fixed pos_embed included, as its print does).</summary>
internal static class DitTree
{
    public static ModuleTree Of(DitSpec spec, NormSite norm)
    {
        long d = spec.Dim, hidden = spec.MlpHidden, p = spec.PatchSize;
        long outputs = checked(p * p * spec.OutChannels);
        var block = new ModuleTree("blocks", repeat: spec.Depth, note: "DiTBlock, adaLN" + (spec.ZeroInit ? "-Zero" : " without zero init"))
            .Add("norm1", norm.ParameterCount, norm.Description)
            .Add("attn", checked(d * 3 * d + 3 * d + d * d + d), $"{spec.Heads} heads")
            .Add("norm2", norm.ParameterCount, norm.Description)
            .Add("mlp", checked(d * hidden + hidden + hidden * d + d), $"hidden {hidden}, tanh GELU")
            .Add("adaLN_modulation", checked(d * 6 * d + 6 * d), "shift, scale, gate for attention and MLP");
        var final = new ModuleTree("final_layer")
            .Add("norm_final", norm.ParameterCount, norm.Description)
            .Add("linear", checked(d * outputs + outputs), $"{p}x{p} patches of {spec.OutChannels} channels")
            .Add("adaLN_modulation", checked(d * 2 * d + 2 * d), "shift, scale");
        return new ModuleTree(spec.Target.Name)
            .Add("x_embedder", checked(spec.InChannels * p * p * d + d), $"{p}x{p} patches")
            .Add("t_embedder", checked(256 * d + d + d * d + d), "sinusoidal 256 -> MLP")
            .Add("y_embedder", checked((spec.NumClasses + 1L) * d), $"{spec.NumClasses} classes + the null class")
            .Add("pos_embed", checked(spec.NumPatches * d), "fixed sine-cosine, requires_grad false")
            .Add(block)
            .Add(final);
    }
}
