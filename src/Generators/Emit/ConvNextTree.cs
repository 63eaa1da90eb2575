using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit;

/// <summary>A ConvNeXt's modules and parameter counts as timm's convnext has them.</summary>
internal static class ConvNextTree
{
    public static ModuleTree Of(ConvNextSpec spec, NormSite tokenNorm, NormSite mapNorm)
    {
        long first = spec.Dims[0], last = spec.Dims[spec.Dims.Length - 1];
        var root = new ModuleTree(spec.Target.Name)
            .Add(new ModuleTree("stem", note: "4x4 patchify conv, 2-D norm")
                .Add("0", checked(spec.InChannels * 16 * first + first))
                .Add("1", mapNorm.ParameterCountFor(first), mapNorm.Description));
        var stages = new ModuleTree("stages");
        for (var i = 0; i < spec.Depths.Length; i++)
        {
            long dim = spec.Dims[i];
            var stage = new ModuleTree(i.ToString(System.Globalization.CultureInfo.InvariantCulture), note: $"{Literals.Plural(spec.Depths[i], "block")} of width {dim}");
            if (i > 0)
            {
                long previous = spec.Dims[i - 1];
                stage.Add(new ModuleTree("downsample", note: "2-D norm, 2x2 stride-2 conv")
                    .Add("0", mapNorm.ParameterCountFor(previous), mapNorm.Description)
                    .Add("1", checked(previous * 4 * dim + dim)));
            }
            stage.Add(new ModuleTree("blocks", repeat: spec.Depths[i], note: "ConvNeXtBlock")
                .Add("conv_dw", checked(49 * dim + dim), "7x7 depthwise")
                .Add("norm", tokenNorm.ParameterCountFor(dim), tokenNorm.Description)
                .Add("mlp", checked(dim * 4 * dim + 4 * dim + 4 * dim * dim + dim), "hidden 4x")
                .Add("gamma", dim, "layer scale"));
            stages.Add(stage);
        }
        return root.Add(stages)
            .Add(new ModuleTree("head", note: "global average pool, 2-D norm, linear")
                .Add("norm", mapNorm.ParameterCountFor(last), mapNorm.Description)
                .Add("fc", checked(last * spec.NumClasses + spec.NumClasses)));
    }
}
