using System.Globalization;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit;

/// <summary>A bottleneck ResNet's modules and parameter counts as timm's resnet has them.</summary>
internal static class ResNetTree
{
    public static ModuleTree Of(ResNetSpec spec, ResNetNorm norm)
    {
        const long stem = ResNetSpec.StemWidth;
        var root = new ModuleTree(spec.Target.Name)
            .Add("conv1", checked(spec.InChannels * 49 * stem), "7x7 stride 2, no bias")
            .Add("bn1", norm.ParameterCountFor(stem), norm.Description);
        long inplanes = stem;
        for (var i = 0; i < spec.Depths.Length; i++)
        {
            long width = StageWidth(i), outplanes = width * ResNetSpec.Expansion;
            var layer = new ModuleTree(LayerName(i), note: $"{Literals.Plural(spec.Depths[i], "bottleneck")}, width {width}, out {outplanes}");
            layer.Add(Bottleneck("0", inplanes, width, norm, HasDownsample(inplanes, width, StageStride(i))));
            if (spec.Depths[i] > 1)
                layer.Add(Bottleneck(spec.Depths[i] == 2 ? "1" : $"1..{spec.Depths[i] - 1}", outplanes, width, norm, downsample: false, repeat: spec.Depths[i] - 1));
            root.Add(layer);
            inplanes = outplanes;
        }
        return root.Add("fc", checked(inplanes * spec.NumClasses + spec.NumClasses));
    }

    /// <summary>Inner width of stage <paramref name="index"/>: 64, 128, 256, 512, ...</summary>
    public static long StageWidth(int index) => ResNetSpec.StemWidth << index;

    public static string LayerName(int index) => "layer" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a bottleneck needs a projection shortcut: it changes width or resolution.</summary>
    public static bool HasDownsample(long inplanes, long width, long stride) => stride != 1 || inplanes != width * ResNetSpec.Expansion;

    /// <summary>The first stage keeps the stem's resolution; each later one halves it.</summary>
    public static long StageStride(int index) => index == 0 ? 1 : 2;

    private static ModuleTree Bottleneck(string name, long inplanes, long width, ResNetNorm norm, bool downsample, long repeat = 1)
    {
        long outplanes = width * ResNetSpec.Expansion;
        var block = new ModuleTree(name, repeat: repeat, note: "Bottleneck")
            .Add("conv1", checked(inplanes * width)).Add("bn1", norm.ParameterCountFor(width))
            .Add("conv2", checked(width * width * 9)).Add("bn2", norm.ParameterCountFor(width))
            .Add("conv3", checked(width * outplanes)).Add("bn3", norm.ParameterCountFor(outplanes));
        if (downsample)
            block.Add("downsample", checked(inplanes * outplanes + norm.ParameterCountFor(outplanes)), "1x1 conv, norm");
        return block;
    }
}
