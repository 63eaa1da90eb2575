using System.Globalization;
using System.Linq;
using DyT.Generators.Specs;
using DyT.Generators.Text;
using static DyT.Generators.Emit.ModuleWriter;

namespace DyT.Generators.Emit;

/// <summary>Emits a bottleneck ResNet with timm's structure and state-dict keys.</summary>
internal static class ResNetEmitter
{
    private const string KaimingFanOut = "global::DyT.Blocks.WeightInit.KaimingFanOut";

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
                Metadata.NormKindConstant(writer, kind, "after every convolution, in place of BatchNorm");
                Metadata.Alpha(writer, kind, "AlphaInit", spec.AlphaInit, $"every {kind} layer");
            }
            writer.Line("/// <summary>True: the norm after every convolution is the reference BatchNorm2d, not a NormKind.</summary>");
            writer.Line($"public const bool UsesBatchNorm = {(spec.Norm is null ? "true" : "false")};");
            writer.Line();
            Metadata.Summary(writer, tree, [$"norm {norm.Description}"]);
            DeclarationWriter.Write(writer, spec);
            Fields(writer,
            [
                (TypeNames.Conv2d, "conv1"),
                (norm.FieldType, "bn1"),
                .. Enumerable.Range(0, spec.Depths.Length).Select(i => ($"{TypeNames.ModuleList}<Bottleneck>", ResNetTree.LayerName(i))),
                (TypeNames.Linear, "fc"),
            ]);
            Constructor(writer, "Creates the model on the CPU.", ModelConstructor(spec.Target), w =>
            {
                w.Line("// timm's init_weights: every convolution Kaiming normal over fan-out; each bottleneck's bn3 at zero weight.");
                w.Line($"conv1 = {KaimingFanOut}({TypeNames.Torch}.nn.Conv2d({spec.InChannels}, {ResNetSpec.StemWidth}, 7, stride: 2, padding: 3, bias: false));");
                w.Line($"bn1 = {norm.ConstructionFor(ResNetSpec.StemWidth.ToString(CultureInfo.InvariantCulture))};");
                long inplanes = ResNetSpec.StemWidth;
                for (var i = 0; i < spec.Depths.Length; i++)
                {
                    var width = ResNetTree.StageWidth(i);
                    w.Line($"{ResNetTree.LayerName(i)} = Stage(inplanes: {inplanes}, width: {width}, blocks: {spec.Depths[i]}, stride: {ResNetTree.StageStride(i)});");
                    inplanes = width * ResNetSpec.Expansion;
                }
                w.Line($"fc = {TypeNames.Torch}.nn.Linear({last}, {spec.NumClasses});");
            });
            writer.Line();
            Forward(writer, $"Images (B, {spec.InChannels}, H, W) to class logits (B, {spec.NumClasses}).", Tensor("images"), w =>
            {
                w.Line(TensorLocal("x", $"{TypeNames.Torch}.nn.functional.relu(bn1.call(conv1.call(images)))"));
                w.Line($"x = {TypeNames.Torch}.nn.functional.max_pool2d(x, 3, stride: 2, padding: 1);");
                for (var i = 0; i < spec.Depths.Length; i++)
                    ForwardEach(w, ResNetTree.LayerName(i), "Bottleneck", "block", "x");
            }, $"fc.call({TypeNames.Torch}.nn.functional.adaptive_avg_pool2d(x, 1).flatten(1))");
            writer.Line();
            writer.Line("/// <summary>One stage: the first bottleneck changes width (and resolution), the rest keep it.</summary>");
            using (writer.Block($"private static {TypeNames.ModuleList}<Bottleneck> Stage(long inplanes, long width, int blocks, long stride)"))
            {
                writer.Line($"{TypeNames.ModuleList}<Bottleneck> stage = new {TypeNames.ModuleList}<Bottleneck>(new Bottleneck(inplanes, width, stride));");
                writer.Line($"for (int i = 1; i < blocks; i++) stage.Add(new Bottleneck(width * {ResNetSpec.Expansion}, width, 1));");
                writer.Line("return stage;");
            }
            writer.Line();
            WriteBottleneck(writer, norm);
        });
    }

    private static void WriteBottleneck(CodeWriter writer, ResNetNorm norm)
    {
        const string doc = "timm's Bottleneck: 1x1 reduce, 3x3 (carrying the stride), 1x1 expand, each followed by its norm; plus the shortcut.";
        NestedClass(writer, doc, "Bottleneck", TypeNames.Module, w =>
        {
            Fields(w,
                (TypeNames.Conv2d, "conv1"), (norm.FieldType, "bn1"),
                (TypeNames.Conv2d, "conv2"), (norm.FieldType, "bn2"),
                (TypeNames.Conv2d, "conv3"), (norm.FieldType, "bn3"),
                ($"{TypeNames.Sequential}?", "downsample"));
            Constructor(w, "Creates a bottleneck from <paramref name=\"inplanes\"/> channels through <paramref name=\"width\"/> to 4 x width.",
                NestedConstructor("Bottleneck", "long inplanes, long width, long stride"), c =>
            {
                c.Line($"long outplanes = width * {ResNetSpec.Expansion};");
                c.Line($"conv1 = {KaimingFanOut}({TypeNames.Torch}.nn.Conv2d(inplanes, width, 1, bias: false));");
                c.Line($"bn1 = {norm.ConstructionFor("width")};");
                c.Line($"conv2 = {KaimingFanOut}({TypeNames.Torch}.nn.Conv2d(width, width, 3, stride: stride, padding: 1, bias: false));");
                c.Line($"bn2 = {norm.ConstructionFor("width")};");
                c.Line($"conv3 = {KaimingFanOut}({TypeNames.Torch}.nn.Conv2d(width, outplanes, 1, bias: false));");
                c.Line($"bn3 = {norm.ConstructionFor("outplanes")};");
                c.Line("global::DyT.Blocks.WeightInit.ZeroWeight(bn3); // timm's zero_init_last: the block starts as its shortcut");
                using (c.Block("if (stride != 1 || inplanes != outplanes)"))
                {
                    c.Line($"downsample = {TypeNames.Torch}.nn.Sequential({KaimingFanOut}({TypeNames.Torch}.nn.Conv2d(inplanes, outplanes, 1, stride: stride, bias: false)), {norm.ConstructionFor("outplanes")});");
                }
            });
            w.Line();
            Forward(w, "(B, inplanes, H, W) to (B, 4 x width, H / stride, W / stride).", Tensor("x"), f =>
            {
                f.Line(TensorLocal("shortcut", "downsample is null ? x : downsample.call(x)"));
                f.Line(TensorLocal("y", $"{TypeNames.Torch}.nn.functional.relu(bn1.call(conv1.call(x)))"));
                f.Line($"y = {TypeNames.Torch}.nn.functional.relu(bn2.call(conv2.call(y)));");
                f.Line("y = bn3.call(conv3.call(y));");
            }, $"{TypeNames.Torch}.nn.functional.relu(y + shortcut)");
        });
    }
}
