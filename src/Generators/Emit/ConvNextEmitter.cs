using System.Globalization;
using DyT.Generators.Specs;
using DyT.Generators.Text;
using static DyT.Generators.Emit.ModuleWriter;

namespace DyT.Generators.Emit;

/// <summary>Emits a ConvNeXt with timm's structure and state-dict keys.</summary>
internal static class ConvNextEmitter
{
    /// <summary>timm's ConvNeXt _init_weights: every convolution truncated normal (std 0.02) with zero bias.</summary>
    private const string TruncNormalConv = "global::DyT.Blocks.WeightInit.TruncNormalConv";

    /// <summary>timm's ConvNeXt norms use eps 1e-6.</summary>
    private const double Eps = 1e-6;

    public static string Emit(ConvNextSpec spec)
    {
        var first = spec.Dims[0];
        var last = spec.Dims[spec.Dims.Length - 1];
        // Two kinds of site: channels-last inside the blocks, channels-first (timm's LayerNorm2d) in stem, downsampling and head.
        var tokenNorm = new NormSite(spec.Norm, first, spec.AlphaInit, Eps);
        var mapNorm = tokenNorm with { ChannelsFirst = true };
        var tree = ConvNextTree.Of(spec, tokenNorm, mapNorm);
        string[] summary =
        [
            $"ConvNeXt: {spec.InChannels}-channel images, stages of {string.Join(", ", spec.Depths)} blocks with widths {string.Join(", ", spec.Dims)},",
            $"{spec.NumClasses} classes; {Literals.Grouped(tree.Total)} parameters.",
            $"Every norm is {tokenNorm.Description} (channels-first in stem, downsampling and head), chosen at compile time.",
            "State-dict keys follow timm's convnext.",
        ];
        return SourceFile.Write(spec.Target, "ConvNet", summary, writer =>
        {
            Metadata.ParameterCount(writer, tree);
            Metadata.NormKindConstant(writer, spec.Norm, "of every block, the stem, the downsampling layers and the head");
            Metadata.Alpha(writer, spec.Norm, "AlphaInit", spec.AlphaInit, $"every {spec.Norm} layer");
            Metadata.Summary(writer, tree, [$"norm {tokenNorm.Description}"]);
            DeclarationWriter.Write(writer, spec);
            Fields(writer, (TypeNames.Sequential, "stem"), ($"{TypeNames.ModuleList}<Stage>", "stages"), ("Head", "head"));
            Constructor(writer, "Creates the model on the CPU.", ModelConstructor(spec.Target), w =>
            {
                w.Line("// timm's _init_weights: every convolution truncated normal (std 0.02) with zero bias.");
                w.Line($"stem = {TypeNames.Torch}.nn.Sequential({TruncNormalConv}({TypeNames.Torch}.nn.Conv2d({spec.InChannels}, {first}, 4, stride: 4)), {mapNorm.ConstructionFor(first.ToString(CultureInfo.InvariantCulture))});");
                w.Line($"stages = new {TypeNames.ModuleList}<Stage>();");
                for (var i = 0; i < spec.Depths.Length; i++)
                    w.Line($"stages.Add(new Stage(inDim: {(i == 0 ? first : spec.Dims[i - 1])}, dim: {spec.Dims[i]}, depth: {spec.Depths[i]}, downsample: {(i > 0 ? "true" : "false")}));");
                w.Line("head = new Head();");
            });
            writer.Line();
            Forward(writer, $"Images (B, {spec.InChannels}, H, W), H and W multiples of {4 << (spec.Depths.Length - 1)}, to class logits (B, {spec.NumClasses}).", Tensor("images"), w =>
            {
                w.Line(TensorLocal("x", "stem.call(images)"));
                ForwardEach(w, "stages", "Stage", "stage", "x");
            }, "head.call(x)");
            writer.Line();
            WriteStage(writer, mapNorm);
            writer.Line();
            WriteBlock(writer, spec, tokenNorm);
            writer.Line();
            WriteHead(writer, spec, mapNorm, last);
        });
    }

    private static void WriteStage(CodeWriter writer, NormSite mapNorm)
    {
        const string doc = "A stage: optional downsampling (2-D norm, then a 2x2 stride-2 conv), then its blocks.";
        NestedClass(writer, doc, "Stage", TypeNames.Module, w =>
        {
            Fields(w, ($"{TypeNames.Sequential}?", "downsample"), ($"{TypeNames.ModuleList}<Block>", "blocks"));
            Constructor(w, "Creates a stage of <paramref name=\"depth\"/> blocks of width <paramref name=\"dim\"/>.",
                NestedConstructor("Stage", "long inDim, long dim, int depth, bool downsample"), c =>
            {
                using (c.Block("if (downsample)"))
                {
                    c.Line($"this.downsample = {TypeNames.Torch}.nn.Sequential({mapNorm.ConstructionFor("inDim")}, {TruncNormalConv}({TypeNames.Torch}.nn.Conv2d(inDim, dim, 2, stride: 2)));");
                }
                c.Line($"blocks = new {TypeNames.ModuleList}<Block>();");
                AddRepeated(c, "blocks", "depth", "new Block(dim)");
            });
            w.Line();
            Forward(w, "(B, inDim, H, W) to (B, dim, H / 2, W / 2), or same size without downsampling.", Tensor("x"), f =>
            {
                f.Line("if (downsample is not null) x = downsample.call(x);");
                ForwardEach(f, "blocks", "Block", "block", "x");
            }, "x");
        });
    }

    private static void WriteBlock(CodeWriter writer, ConvNextSpec spec, NormSite tokenNorm)
    {
        const string doc = "A ConvNeXt block: x + gamma * mlp(norm(dwconv7x7(x))), the norm and MLP channels-last.";
        NestedClass(writer, doc, "Block", TypeNames.Module, w =>
        {
            Fields(w,
                (TypeNames.Conv2d, "conv_dw"),
                (tokenNorm.FieldType, "norm"),
                ($"{TypeNames.Blocks}.Mlp", "mlp"),
                (TypeNames.Parameter, "gamma"));
            Constructor(w, "Creates one block of width <paramref name=\"dim\"/>.", NestedConstructor("Block", "long dim"), c =>
            {
                c.Line($"conv_dw = {TruncNormalConv}({TypeNames.Torch}.nn.Conv2d(dim, dim, 7, padding: 3, groups: dim));");
                c.Line($"norm = {tokenNorm.ConstructionFor("dim")};");
                c.Line($"mlp = new {TypeNames.Blocks}.Mlp(dim: dim, hidden: 4 * dim);");
                c.Line($"gamma = new {TypeNames.Parameter}({TypeNames.Torch}.full(dim, {Literals.Double(spec.LayerScaleInit)}, {TypeNames.Torch}.ScalarType.Float32));   // layer scale");
            });
            w.Line();
            Forward(w, "(B, dim, H, W) to (B, dim, H, W).", Tensor("x"), f =>
            {
                f.Line(TensorLocal("y", "conv_dw.call(x).permute(0, 2, 3, 1)") + "   // channels last for the norm and the MLP");
                f.Line("y = mlp.call(norm.call(y)) * gamma;");
            }, "x + y.permute(0, 3, 1, 2)");
        });
    }

    private static void WriteHead(CodeWriter writer, ConvNextSpec spec, NormSite mapNorm, long last)
    {
        NestedClass(writer, "timm's NormMlpClassifierHead without hidden layer: average pool, 2-D norm, linear.", "Head", TypeNames.Module, w =>
        {
            Fields(w, (mapNorm.FieldType, "norm"), (TypeNames.Linear, "fc"));
            Constructor(w, "Creates the head.", NestedConstructor("Head"), c =>
            {
                c.Line($"norm = {mapNorm.ConstructionFor(last.ToString(CultureInfo.InvariantCulture))};");
                c.Line($"fc = {TypeNames.Torch}.nn.Linear({last}, {spec.NumClasses});");
                c.Line($"{TypeNames.WeightInit}.TruncNormalLinear(fc);");
            });
            w.Line();
            Forward(w, $"Feature maps (B, {last}, H, W) to logits (B, {spec.NumClasses}).", Tensor("x"), f =>
            {
                f.Line(TensorLocal("pooled", $"{TypeNames.Torch}.nn.functional.adaptive_avg_pool2d(x, 1)") + $"   // (B, {last}, 1, 1)");
            }, "fc.call(norm.call(pooled).flatten(1))");
        });
    }
}
