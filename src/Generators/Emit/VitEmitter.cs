using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>Emits a Vision Transformer with timm's structure and state-dict keys.</summary>
internal static class VitEmitter
{
    /// <summary>timm's ViT uses LayerNorm with eps 1e-6.</summary>
    private const double Eps = 1e-6;

    public static string Emit(VitSpec spec)
    {
        var norm = new NormSite(spec.Norm, spec.Dim, spec.AlphaInit, Eps);
        var parameters = VitParameterCount.Of(spec, norm);
        var tokens = spec.NumPatches + 1;
        string[] summary =
        [
            $"Vision Transformer: {spec.ImageSize}x{spec.ImageSize}x{spec.InChannels} images in {spec.PatchSize}x{spec.PatchSize} patches, width {spec.Dim},",
            $"{spec.Depth} blocks of {spec.Heads} heads, MLP {spec.MlpHidden}, {spec.NumClasses} classes; {Literals.Grouped(parameters)} parameters.",
            $"Every norm layer is {norm.Description}, chosen at compile time. State-dict keys follow timm's VisionTransformer.",
        ];
        return SourceFile.Write(spec.Target, "Transformer", summary, writer =>
        {
            WriteMetadata(writer, spec, parameters);
            writer.Line($"private readonly {TypeNames.Blocks}.PatchEmbed patch_embed;");
            writer.Line($"private readonly {TypeNames.Parameter} cls_token;");
            writer.Line($"private readonly {TypeNames.Parameter} pos_embed;");
            writer.Line($"private readonly {TypeNames.ModuleList}<Block> blocks;");
            writer.Line($"private readonly {norm.FieldType} norm;");
            writer.Line($"private readonly {TypeNames.Linear} head;");
            writer.Line();
            writer.Line("/// <summary>Creates the model on the CPU with timm's initialization.</summary>");
            using (writer.Block($"public {spec.Target.Name}() : base(nameof({spec.Target.Name}))"))
            {
                writer.Line($"patch_embed = new {TypeNames.Blocks}.PatchEmbed(inChannels: {spec.InChannels}, embedDim: {spec.Dim}, patchSize: {spec.PatchSize}, imageSize: {spec.ImageSize});");
                writer.Line($"cls_token = {TypeNames.WeightInit}.NormalParameter(new long[] {{ 1, 1, {spec.Dim} }}, std: 1e-6);");
                writer.Line($"pos_embed = {TypeNames.WeightInit}.TruncNormalParameter(new long[] {{ 1, {tokens}, {spec.Dim} }}, std: 0.02);");
                writer.Line($"blocks = new {TypeNames.ModuleList}<Block>();");
                using (writer.Block($"for (int i = 0; i < {spec.Depth}; i++)"))
                {
                    writer.Line("blocks.Add(new Block());");
                }
                writer.Line($"norm = {norm.Construction};");
                writer.Line($"head = {TypeNames.Torch}.nn.Linear({spec.Dim}, {spec.NumClasses});");
                writer.Line($"{TypeNames.WeightInit}.TruncNormalLinear(head);");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Images (B, {spec.InChannels}, {spec.ImageSize}, {spec.ImageSize}) to class logits (B, {spec.NumClasses}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} images)"))
            {
                writer.Line($"var patches = patch_embed.forward(images);                // (B, {spec.NumPatches}, {spec.Dim})");
                writer.Line($"var cls = cls_token.expand(patches.shape[0], -1, -1);     // (B, 1, {spec.Dim})");
                writer.Line($"var x = {TypeNames.Torch}.cat(new[] {{ cls, patches }}, 1);");
                writer.Line($"x = x + pos_embed;                                        // (B, {tokens}, {spec.Dim})");
                using (writer.Block("foreach (var block in blocks)"))
                {
                    writer.Line("x = block.forward(x);");
                }
                writer.Line("x = norm.forward(x);");
                writer.Line($"return head.forward(x.select(1, 0));                      // class token -> (B, {spec.NumClasses})");
            }
            writer.Line();
            WriteBlock(writer, spec, norm);
        });
    }

    private static void WriteMetadata(CodeWriter writer, VitSpec spec, long parameters)
    {
        writer.Line("/// <summary>Learnable parameters, counted at compile time.</summary>");
        writer.Line($"public const long ParameterCount = {Literals.Long(parameters)};");
        writer.Line();
        writer.Line("/// <summary>The norm layer of every block and before the head.</summary>");
        writer.Line($"public const {TypeNames.NormKind} NormKind = {TypeNames.NormKind}.{spec.Norm};");
        if (spec.Norm is Norm.DyT or Norm.Derf)
        {
            writer.Line();
            writer.Line($"/// <summary>Initial alpha of every {spec.Norm} layer.</summary>");
            writer.Line($"public const double AlphaInit = {Literals.Double(spec.AlphaInit)};");
        }
        writer.Line();
    }

    private static void WriteBlock(CodeWriter writer, VitSpec spec, NormSite norm)
    {
        writer.Line("/// <summary>A pre-norm Transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)).</summary>");
        using (writer.Block($"public sealed class Block : {TypeNames.Module}"))
        {
            writer.Line($"private readonly {norm.FieldType} norm1;");
            writer.Line($"private readonly {TypeNames.Blocks}.Attention attn;");
            writer.Line($"private readonly {norm.FieldType} norm2;");
            writer.Line($"private readonly {TypeNames.Blocks}.Mlp mlp;");
            writer.Line();
            writer.Line("/// <summary>Creates one block.</summary>");
            using (writer.Block("public Block() : base(nameof(Block))"))
            {
                writer.Line($"norm1 = {norm.Construction};");
                writer.Line($"attn = new {TypeNames.Blocks}.Attention(dim: {spec.Dim}, heads: {spec.Heads});");
                writer.Line($"norm2 = {norm.Construction};");
                writer.Line($"mlp = new {TypeNames.Blocks}.Mlp(dim: {spec.Dim}, hidden: {spec.MlpHidden});");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Tokens (B, N, {spec.Dim}) to tokens (B, N, {spec.Dim}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x)"))
            {
                writer.Line("x = x + attn.forward(norm1.forward(x));");
                writer.Line("return x + mlp.forward(norm2.forward(x));");
            }
        }
    }
}
