using System.Linq;
using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>Emits a bottleneck ResNet with timm's structure and state-dict keys.</summary>
internal static class ResNetEmitter
{
    public static string Emit(ResNetSpec spec)
    {
        var norm = ResNetNorm.For(spec);
        var tree = ResNetTree.Of(spec, norm);
        var last = ResNetTree.StageWidth(spec.Depths.Length - 1) * ResNetSpec.Expansion;
        string[] summary =
        [
            $"Bottleneck ResNet: {spec.InChannels}-channel images, stages of {string.Join(", ", spec.Depths)} blocks, {spec.NumClasses} classes;",
            $"{Literals.Grouped(tree.Total)} parameters. After every convolution: {norm.Description}" +
                (spec.Norm is null ? " (the reference; write Norm to replace it)." : ", written in place of BatchNorm."),
            "State-dict keys follow timm's resnet.",
        ];
        return SourceFile.Write(spec.Target, "ConvNet", summary, writer =>
        {
            Metadata.ParameterCount(writer, tree);
            if (spec.Norm is { } kind)
            {
                writer.Line("// The paper: DyT does not replace BatchNorm well (ResNet-50 top-1 76.2% -> 68.9%); generated because Norm is written.");
                Metadata.NormKind(writer, kind, "after every convolution, in place of BatchNorm");
                Metadata.Alpha(writer, kind, "AlphaInit", spec.AlphaInit, $"every {kind} layer");
            }
            writer.Line("/// <summary>True: the norm after every convolution is the reference BatchNorm2d, not a NormKind.</summary>");
            writer.Line($"public const bool UsesBatchNorm = {(spec.Norm is null ? "true" : "false")};");
            writer.Line();
            Metadata.Summary(writer, tree, [$"norm {norm.Description}"]);
            writer.Line($"private readonly {TypeNames.Conv2d} conv1;");
            writer.Line($"private readonly {norm.FieldType} bn1;");
            for (var i = 0; i < spec.Depths.Length; i++)
                writer.Line($"private readonly {TypeNames.ModuleList}<Bottleneck> {ResNetTree.LayerName(i)};");
            writer.Line($"private readonly {TypeNames.Linear} fc;");
            writer.Line();
            writer.Line("/// <summary>Creates the model on the CPU.</summary>");
            using (writer.Block($"public {spec.Target.Name}() : base(nameof({spec.Target.Name}))"))
            {
                writer.Line($"conv1 = {TypeNames.Torch}.nn.Conv2d({spec.InChannels}, {ResNetSpec.StemWidth}, 7, stride: 2, padding: 3, bias: false);");
                writer.Line($"bn1 = {norm.ConstructionFor(ResNetSpec.StemWidth.ToString(System.Globalization.CultureInfo.InvariantCulture))};");
                long inplanes = ResNetSpec.StemWidth;
                for (var i = 0; i < spec.Depths.Length; i++)
                {
                    var width = ResNetTree.StageWidth(i);
                    writer.Line($"{ResNetTree.LayerName(i)} = Stage(inplanes: {inplanes}, width: {width}, blocks: {spec.Depths[i]}, stride: {ResNetTree.StageStride(i)});");
                    inplanes = width * ResNetSpec.Expansion;
                }
                writer.Line($"fc = {TypeNames.Torch}.nn.Linear({last}, {spec.NumClasses});");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Images (B, {spec.InChannels}, H, W) to class logits (B, {spec.NumClasses}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} images)"))
            {
                writer.Line($"var x = {TypeNames.Torch}.nn.functional.relu(bn1.forward(conv1.forward(images)));");
                writer.Line($"x = {TypeNames.Torch}.nn.functional.max_pool2d(x, 3, stride: 2, padding: 1);");
                foreach (var layer in Enumerable.Range(0, spec.Depths.Length).Select(ResNetTree.LayerName))
                    using (writer.Block($"foreach (var block in {layer})"))
                    {
                        writer.Line("x = block.forward(x);");
                    }
                writer.Line($"return fc.forward({TypeNames.Torch}.nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));");
            }
            writer.Line();
            writer.Line("/// <summary>One stage: the first bottleneck changes width (and resolution), the rest keep it.</summary>");
            using (writer.Block($"private static {TypeNames.ModuleList}<Bottleneck> Stage(long inplanes, long width, int blocks, long stride)"))
            {
                writer.Line($"var stage = new {TypeNames.ModuleList}<Bottleneck>(new Bottleneck(inplanes, width, stride));");
                writer.Line($"for (int i = 1; i < blocks; i++) stage.Add(new Bottleneck(width * {ResNetSpec.Expansion}, width, 1));");
                writer.Line("return stage;");
            }
            writer.Line();
            WriteBottleneck(writer, norm);
        });
    }

    private static void WriteBottleneck(CodeWriter writer, ResNetNorm norm)
    {
        writer.Line("/// <summary>timm's Bottleneck: 1x1 reduce, 3x3 (carrying the stride), 1x1 expand, each followed by its norm; plus the shortcut.</summary>");
        using (writer.Block($"public sealed class Bottleneck : {TypeNames.Module}"))
        {
            foreach (var (conv, bn) in new[] { ("conv1", "bn1"), ("conv2", "bn2"), ("conv3", "bn3") })
            {
                writer.Line($"private readonly {TypeNames.Conv2d} {conv};");
                writer.Line($"private readonly {norm.FieldType} {bn};");
            }
            writer.Line($"private readonly {TypeNames.Sequential}? downsample;");
            writer.Line();
            writer.Line("/// <summary>Creates a bottleneck from <paramref name=\"inplanes\"/> channels through <paramref name=\"width\"/> to 4 x width.</summary>");
            using (writer.Block("public Bottleneck(long inplanes, long width, long stride) : base(nameof(Bottleneck))"))
            {
                writer.Line($"var outplanes = width * {ResNetSpec.Expansion};");
                writer.Line($"conv1 = {TypeNames.Torch}.nn.Conv2d(inplanes, width, 1, bias: false);");
                writer.Line($"bn1 = {norm.ConstructionFor("width")};");
                writer.Line($"conv2 = {TypeNames.Torch}.nn.Conv2d(width, width, 3, stride: stride, padding: 1, bias: false);");
                writer.Line($"bn2 = {norm.ConstructionFor("width")};");
                writer.Line($"conv3 = {TypeNames.Torch}.nn.Conv2d(width, outplanes, 1, bias: false);");
                writer.Line($"bn3 = {norm.ConstructionFor("outplanes")};");
                using (writer.Block("if (stride != 1 || inplanes != outplanes)"))
                {
                    writer.Line($"downsample = {TypeNames.Torch}.nn.Sequential({TypeNames.Torch}.nn.Conv2d(inplanes, outplanes, 1, stride: stride, bias: false), {norm.ConstructionFor("outplanes")});");
                }
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line("/// <summary>(B, inplanes, H, W) to (B, 4 x width, H / stride, W / stride).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x)"))
            {
                writer.Line("var shortcut = downsample is null ? x : downsample.forward(x);");
                writer.Line($"var y = {TypeNames.Torch}.nn.functional.relu(bn1.forward(conv1.forward(x)));");
                writer.Line($"y = {TypeNames.Torch}.nn.functional.relu(bn2.forward(conv2.forward(y)));");
                writer.Line("y = bn3.forward(conv3.forward(y));");
                writer.Line($"return {TypeNames.Torch}.nn.functional.relu(y + shortcut);");
            }
        }
    }
}
