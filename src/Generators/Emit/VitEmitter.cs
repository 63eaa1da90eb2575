using DyT.Generators.Specs;
using DyT.Generators.Text;
using static DyT.Generators.Emit.ModuleWriter;

namespace DyT.Generators.Emit;

/// <summary>Emits a Vision Transformer with timm's structure and state-dict keys.</summary>
internal static class VitEmitter
{
    /// <summary>timm's ViT uses LayerNorm with eps 1e-6.</summary>
    private const double Eps = 1e-6;

    public static string Emit(VitSpec spec)
    {
        var norm = new NormSite(spec.Norm, spec.Dim, spec.AlphaInit, Eps);
        var tree = VitTree.Of(spec, norm);
        var tokens = spec.NumPatches + 1;
        string[] summary =
        [
            $"Vision Transformer: {spec.ImageSize}x{spec.ImageSize}x{spec.InChannels} images in {spec.PatchSize}x{spec.PatchSize} patches, width {spec.Dim},",
            $"{spec.Depth} blocks of {spec.Heads} heads, MLP {spec.MlpHidden}, {spec.NumClasses} classes; {Literals.Grouped(tree.Total)} parameters.",
            $"Every norm layer is {norm.Description}, chosen at compile time. State-dict keys follow timm's VisionTransformer.",
        ];
        return SourceFile.Write(spec.Target, "Transformer", summary, writer =>
        {
            Metadata.ParameterCount(writer, tree);
            Metadata.NormKindConstant(writer, spec.Norm, "of every block and before the head");
            Metadata.Alpha(writer, spec.Norm, "AlphaInit", spec.AlphaInit, $"every {spec.Norm} layer");
            Metadata.Summary(writer, tree, [$"norm {norm.Description}"]);
            DeclarationWriter.Write(writer, spec);
            Fields(writer,
                ($"{TypeNames.Blocks}.PatchEmbed", "patch_embed"),
                (TypeNames.Parameter, "cls_token"),
                (TypeNames.Parameter, "pos_embed"),
                ($"{TypeNames.ModuleList}<Block>", "blocks"),
                (norm.FieldType, "norm"),
                (TypeNames.Linear, "head"));
            Constructor(writer, "Creates the model on the CPU with timm's initialization.", ModelConstructor(spec.Target), w =>
            {
                w.Line($"patch_embed = new {TypeNames.Blocks}.PatchEmbed(inChannels: {spec.InChannels}, embedDim: {spec.Dim}, patchSize: {spec.PatchSize}, imageSize: {spec.ImageSize});");
                w.Line($"cls_token = {TypeNames.WeightInit}.NormalParameter(new long[] {{ 1, 1, {spec.Dim} }}, std: 1e-6);");
                w.Line($"pos_embed = {TypeNames.WeightInit}.TruncNormalParameter(new long[] {{ 1, {tokens}, {spec.Dim} }}, std: 0.02);");
                w.Line($"blocks = new {TypeNames.ModuleList}<Block>();");
                AddRepeated(w, "blocks", Literals.Int(spec.Depth), "new Block()");
                w.Line($"norm = {norm.Construction};");
                w.Line($"head = {TypeNames.Torch}.nn.Linear({spec.Dim}, {spec.NumClasses});");
                w.Line($"{TypeNames.WeightInit}.TruncNormalLinear(head);");
            });
            writer.Line();
            Forward(writer, $"Images (B, {spec.InChannels}, {spec.ImageSize}, {spec.ImageSize}) to class logits (B, {spec.NumClasses}).", Tensor("images"), w =>
            {
                w.Line(TensorLocal("patches", "patch_embed.call(images)") + $"   // (B, {spec.NumPatches}, {spec.Dim})");
                w.Line(TensorLocal("cls", "cls_token.expand(patches.shape[0], -1, -1)") + $"   // (B, 1, {spec.Dim})");
                w.Line(TensorLocal("x", $"{TypeNames.Torch}.cat(new[] {{ cls, patches }}, 1)"));
                w.Line($"x = x + pos_embed;   // (B, {tokens}, {spec.Dim})");
                ForwardEach(w, "blocks", "Block", "block", "x");
                w.Line("x = norm.call(x);");
                w.Line($"// The head reads the class token: (B, {spec.NumClasses}) logits.");
            }, "head.call(x.select(1, 0))");
            writer.Line();
            NestedClass(writer, "A pre-norm Transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)).", "Block", TypeNames.Module, w =>
            {
                Fields(w,
                    (norm.FieldType, "norm1"),
                    ($"{TypeNames.Blocks}.Attention", "attn"),
                    (norm.FieldType, "norm2"),
                    ($"{TypeNames.Blocks}.Mlp", "mlp"));
                Constructor(w, "Creates one block.", NestedConstructor("Block"), c =>
                {
                    c.Line($"norm1 = {norm.Construction};");
                    c.Line($"attn = new {TypeNames.Blocks}.Attention(dim: {spec.Dim}, heads: {spec.Heads});");
                    c.Line($"norm2 = {norm.Construction};");
                    c.Line($"mlp = new {TypeNames.Blocks}.Mlp(dim: {spec.Dim}, hidden: {spec.MlpHidden});");
                });
                w.Line();
                Forward(w, $"Tokens (B, N, {spec.Dim}) to tokens (B, N, {spec.Dim}).", Tensor("x"), f =>
                {
                    f.Line("x = x + attn.call(norm1.call(x));");
                }, "x + mlp.call(norm2.call(x))");
            });
        });
    }
}
