using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>Emits a ConvNeXt with timm's structure and state-dict keys.</summary>
internal static class ConvNextEmitter
{
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
            Metadata.NormKind(writer, spec.Norm, "of every block, the stem, the downsampling layers and the head");
            Metadata.Alpha(writer, spec.Norm, "AlphaInit", spec.AlphaInit, $"every {spec.Norm} layer");
            Metadata.Summary(writer, tree, [$"norm {tokenNorm.Description}"]);
            writer.Line($"private readonly {TypeNames.Sequential} stem;");
            writer.Line($"private readonly {TypeNames.ModuleList}<Stage> stages;");
            writer.Line("private readonly Head head;");
            writer.Line();
            writer.Line("/// <summary>Creates the model on the CPU.</summary>");
            using (writer.Block($"public {spec.Target.Name}() : base(nameof({spec.Target.Name}))"))
            {
                writer.Line($"stem = {TypeNames.Torch}.nn.Sequential({TypeNames.Torch}.nn.Conv2d({spec.InChannels}, {first}, 4, stride: 4), {mapNorm.ConstructionFor(first.ToString(System.Globalization.CultureInfo.InvariantCulture))});");
                writer.Line($"stages = new {TypeNames.ModuleList}<Stage>();");
                for (var i = 0; i < spec.Depths.Length; i++)
                    writer.Line($"stages.Add(new Stage(inDim: {(i == 0 ? first : spec.Dims[i - 1])}, dim: {spec.Dims[i]}, depth: {spec.Depths[i]}, downsample: {(i > 0 ? "true" : "false")}));");
                writer.Line("head = new Head();");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Images (B, {spec.InChannels}, H, W), H and W multiples of {4 << (spec.Depths.Length - 1)}, to class logits (B, {spec.NumClasses}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} images)"))
            {
                writer.Line("var x = stem.forward(images);");
                using (writer.Block("foreach (var stage in stages)"))
                {
                    writer.Line("x = stage.forward(x);");
                }
                writer.Line("return head.forward(x);");
            }
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
        writer.Line("/// <summary>A stage: optional downsampling (2-D norm, then a 2x2 stride-2 conv), then its blocks.</summary>");
        using (writer.Block($"public sealed class Stage : {TypeNames.Module}"))
        {
            writer.Line($"private readonly {TypeNames.Sequential}? downsample;");
            writer.Line($"private readonly {TypeNames.ModuleList}<Block> blocks;");
            writer.Line();
            writer.Line("/// <summary>Creates a stage of <paramref name=\"depth\"/> blocks of width <paramref name=\"dim\"/>.</summary>");
            using (writer.Block("public Stage(long inDim, long dim, int depth, bool downsample) : base(nameof(Stage))"))
            {
                using (writer.Block("if (downsample)"))
                {
                    writer.Line($"this.downsample = {TypeNames.Torch}.nn.Sequential({mapNorm.ConstructionFor("inDim")}, {TypeNames.Torch}.nn.Conv2d(inDim, dim, 2, stride: 2));");
                }
                writer.Line($"blocks = new {TypeNames.ModuleList}<Block>();");
                using (writer.Block("for (int i = 0; i < depth; i++)"))
                {
                    writer.Line("blocks.Add(new Block(dim));");
                }
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line("/// <summary>(B, inDim, H, W) to (B, dim, H / 2, W / 2), or same size without downsampling.</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x)"))
            {
                writer.Line("if (downsample is not null) x = downsample.forward(x);");
                using (writer.Block("foreach (var block in blocks)"))
                {
                    writer.Line("x = block.forward(x);");
                }
                writer.Line("return x;");
            }
        }
    }

    private static void WriteBlock(CodeWriter writer, ConvNextSpec spec, NormSite tokenNorm)
    {
        writer.Line("/// <summary>A ConvNeXt block: x + gamma * mlp(norm(dwconv7x7(x))), the norm and MLP channels-last.</summary>");
        using (writer.Block($"public sealed class Block : {TypeNames.Module}"))
        {
            writer.Line($"private readonly {TypeNames.Conv2d} conv_dw;");
            writer.Line($"private readonly {tokenNorm.FieldType} norm;");
            writer.Line($"private readonly {TypeNames.Blocks}.Mlp mlp;");
            writer.Line($"private readonly {TypeNames.Parameter} gamma;");
            writer.Line();
            writer.Line("/// <summary>Creates one block of width <paramref name=\"dim\"/>.</summary>");
            using (writer.Block("public Block(long dim) : base(nameof(Block))"))
            {
                writer.Line($"conv_dw = {TypeNames.Torch}.nn.Conv2d(dim, dim, 7, padding: 3, groups: dim);");
                writer.Line($"norm = {tokenNorm.ConstructionFor("dim")};");
                writer.Line($"mlp = new {TypeNames.Blocks}.Mlp(dim: dim, hidden: 4 * dim);");
                writer.Line($"gamma = new {TypeNames.Parameter}({TypeNames.Torch}.full(dim, {Literals.Double(spec.LayerScaleInit)}, {TypeNames.Torch}.ScalarType.Float32));   // layer scale");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line("/// <summary>(B, dim, H, W) to (B, dim, H, W).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x)"))
            {
                writer.Line("var y = conv_dw.forward(x).permute(0, 2, 3, 1);          // channels last for the norm and the MLP");
                writer.Line("y = mlp.forward(norm.forward(y)) * gamma;");
                writer.Line("return x + y.permute(0, 3, 1, 2);");
            }
        }
    }

    private static void WriteHead(CodeWriter writer, ConvNextSpec spec, NormSite mapNorm, long last)
    {
        writer.Line("/// <summary>timm's NormMlpClassifierHead without hidden layer: average pool, 2-D norm, linear.</summary>");
        using (writer.Block($"public sealed class Head : {TypeNames.Module}"))
        {
            writer.Line($"private readonly {mapNorm.FieldType} norm;");
            writer.Line($"private readonly {TypeNames.Linear} fc;");
            writer.Line();
            writer.Line("/// <summary>Creates the head.</summary>");
            using (writer.Block("public Head() : base(nameof(Head))"))
            {
                writer.Line($"norm = {mapNorm.ConstructionFor(last.ToString(System.Globalization.CultureInfo.InvariantCulture))};");
                writer.Line($"fc = {TypeNames.Torch}.nn.Linear({last}, {spec.NumClasses});");
                writer.Line($"{TypeNames.WeightInit}.TruncNormalLinear(fc);");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Feature maps (B, {last}, H, W) to logits (B, {spec.NumClasses}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x)"))
            {
                writer.Line($"var pooled = {TypeNames.Torch}.nn.functional.adaptive_avg_pool2d(x, 1);   // (B, {last}, 1, 1)");
                writer.Line("return fc.forward(norm.forward(pooled).flatten(1));");
            }
        }
    }
}
