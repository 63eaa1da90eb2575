using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>Emits a class-conditional Diffusion Transformer with facebookresearch/DiT's structure and state-dict keys.</summary>
internal static class DitEmitter
{
    /// <summary>DiT's LayerNorms: eps 1e-6, no affine (adaLN supplies scale and shift).</summary>
    private const double Eps = 1e-6;

    public static string Emit(DitSpec spec)
    {
        var norm = new NormSite(spec.Norm, spec.Dim, spec.AlphaInit, Eps, NormAffine.None);
        var tree = DitTree.Of(spec, norm);
        var zero = spec.ZeroInit ? "true" : "false";
        string[] summary =
        [
            $"Diffusion Transformer: {spec.ImageSize}x{spec.ImageSize}x{spec.InChannels} latents in {spec.PatchSize}x{spec.PatchSize} patches, width {spec.Dim},",
            $"{spec.Depth} adaLN blocks of {spec.Heads} heads, MLP {spec.MlpHidden}, {spec.NumClasses} classes + the null class; {Literals.Grouped(tree.Total)} parameters.",
            $"Every norm is {norm.Description}, chosen at compile time; adaLN-Zero init {(spec.ZeroInit ? "on" : "off")}.",
            "State-dict keys follow facebookresearch/DiT.",
        ];
        return SourceFile.Write(spec.Target, "Transformer", summary, writer =>
        {
            Metadata.ParameterCount(writer, tree);
            Metadata.NormKind(writer, spec.Norm, "before every modulation (no affine: adaLN supplies scale and shift)");
            Metadata.Alpha(writer, spec.Norm, "AlphaInit", spec.AlphaInit, $"every {spec.Norm} layer");
            writer.Line(spec.AdaLnZeroInit is null
                ? $"// adaLN-Zero {(spec.ZeroInit ? "on: the original DiT init for normalized models" : "off: the paper found zero init hurts DyT models")} (AdaLnZeroInit not written)."
                : $"// adaLN-Zero {(spec.ZeroInit ? "on" : "off")} as written in the attribute.");
            writer.Line("/// <summary>Whether the adaLN modulation and the final linear layer start at zero.</summary>");
            writer.Line($"public const bool AdaLnZeroInit = {zero};");
            writer.Line();
            writer.Line("/// <summary>The label meaning \"no class\", for unconditional samples and classifier-free guidance.</summary>");
            writer.Line($"public const long NullClass = {Literals.Long(spec.NumClasses)};");
            writer.Line();
            Metadata.Summary(writer, tree, [$"norm {norm.Description}, adaLN-Zero {(spec.ZeroInit ? "on" : "off")}"]);
            writer.Line($"private readonly {TypeNames.Blocks}.PatchEmbed x_embedder;");
            writer.Line($"private readonly {TypeNames.Blocks}.TimestepEmbedder t_embedder;");
            writer.Line($"private readonly {TypeNames.Blocks}.LabelEmbedder y_embedder;");
            writer.Line($"private readonly {TypeNames.Parameter} pos_embed;");
            writer.Line($"private readonly {TypeNames.ModuleList}<Block> blocks;");
            writer.Line("private readonly FinalLayer final_layer;");
            writer.Line();
            writer.Line("/// <summary>Creates the model on the CPU.</summary>");
            using (writer.Block($"public {spec.Target.Name}() : base(nameof({spec.Target.Name}))"))
            {
                writer.Line($"x_embedder = new {TypeNames.Blocks}.PatchEmbed(inChannels: {spec.InChannels}, embedDim: {spec.Dim}, patchSize: {spec.PatchSize}, imageSize: {spec.ImageSize});");
                writer.Line($"t_embedder = new {TypeNames.Blocks}.TimestepEmbedder({spec.Dim});");
                writer.Line($"y_embedder = new {TypeNames.Blocks}.LabelEmbedder(classes: {spec.NumClasses}, dim: {spec.Dim}, dropProbability: 0.1);");
                writer.Line($"pos_embed = new {TypeNames.Parameter}({TypeNames.Blocks}.SinCosPosEmbed.Create2D({spec.Dim}, grid: {spec.Grid}), requires_grad: false);");
                writer.Line($"blocks = new {TypeNames.ModuleList}<Block>();");
                using (writer.Block($"for (int i = 0; i < {spec.Depth}; i++)"))
                {
                    writer.Line("blocks.Add(new Block());");
                }
                writer.Line("final_layer = new FinalLayer();");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Noisy latents (B, {spec.InChannels}, {spec.ImageSize}, {spec.ImageSize}), timesteps (B) and labels (B) int64 (NullClass for none)");
            writer.Line($"/// to the prediction (B, {spec.OutChannels}, {spec.ImageSize}, {spec.ImageSize}){(spec.LearnSigma ? ": noise, then the variance" : "")}.</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x, {TypeNames.Tensor} t, {TypeNames.Tensor} y)"))
            {
                writer.Line($"var tokens = x_embedder.forward(x) + pos_embed;            // (B, {spec.NumPatches}, {spec.Dim})");
                writer.Line("var c = t_embedder.forward(t) + y_embedder.forward(y);     // conditioning (B, " + spec.Dim + ")");
                using (writer.Block("foreach (var block in blocks)"))
                {
                    writer.Line("tokens = block.forward(tokens, c);");
                }
                writer.Line($"tokens = final_layer.forward(tokens, c);                   // (B, {spec.NumPatches}, {spec.PatchSize * spec.PatchSize * spec.OutChannels})");
                writer.Line($"return {TypeNames.Blocks}.Unpatchify.Apply(tokens, channels: {spec.OutChannels}, patch: {spec.PatchSize});");
            }
            writer.Line();
            WriteBlock(writer, spec, norm, zero);
            writer.Line();
            WriteFinalLayer(writer, spec, norm, zero);
        }, TypeNames.ModuleThreeInputs);
    }

    private static void WriteBlock(CodeWriter writer, DitSpec spec, NormSite norm, string zero)
    {
        writer.Line("/// <summary>A DiT block: attention and MLP, each on a modulated norm and scaled by a gate, all from the conditioning.</summary>");
        using (writer.Block($"public sealed class Block : {TypeNames.ModuleTwoInputs}"))
        {
            writer.Line($"private readonly {norm.FieldType} norm1;");
            writer.Line($"private readonly {TypeNames.Blocks}.Attention attn;");
            writer.Line($"private readonly {norm.FieldType} norm2;");
            writer.Line($"private readonly {TypeNames.Blocks}.Mlp mlp;");
            writer.Line($"private readonly {TypeNames.Sequential} adaLN_modulation;");
            writer.Line();
            writer.Line("/// <summary>Creates one block.</summary>");
            using (writer.Block("public Block() : base(nameof(Block))"))
            {
                writer.Line($"norm1 = {norm.Construction};");
                writer.Line($"attn = new {TypeNames.Blocks}.Attention(dim: {spec.Dim}, heads: {spec.Heads});");
                writer.Line($"norm2 = {norm.Construction};");
                writer.Line($"mlp = new {TypeNames.Blocks}.Mlp(dim: {spec.Dim}, hidden: {spec.MlpHidden}, tanhGelu: true);");
                writer.Line($"adaLN_modulation = {TypeNames.Blocks}.AdaLn.Modulation({spec.Dim}, chunks: 6, zeroInit: {zero});");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Tokens (B, N, {spec.Dim}) and conditioning (B, {spec.Dim}) to tokens (B, N, {spec.Dim}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x, {TypeNames.Tensor} c)"))
            {
                writer.Line("var m = adaLN_modulation.forward(c).chunk(6, 1);   // shift, scale, gate (attention), shift, scale, gate (MLP)");
                writer.Line($"x = x + m[2].unsqueeze(1) * attn.forward({TypeNames.Blocks}.AdaLn.Modulate(norm1.forward(x), m[0], m[1]));");
                writer.Line($"return x + m[5].unsqueeze(1) * mlp.forward({TypeNames.Blocks}.AdaLn.Modulate(norm2.forward(x), m[3], m[4]));");
            }
        }
    }

    private static void WriteFinalLayer(CodeWriter writer, DitSpec spec, NormSite norm, string zero)
    {
        var outputs = (long)spec.PatchSize * spec.PatchSize * spec.OutChannels;
        writer.Line("/// <summary>DiT's final layer: a modulated norm, then a linear map of each token to its patch's pixels.</summary>");
        using (writer.Block($"public sealed class FinalLayer : {TypeNames.ModuleTwoInputs}"))
        {
            writer.Line($"private readonly {norm.FieldType} norm_final;");
            writer.Line($"private readonly {TypeNames.Linear} linear;");
            writer.Line($"private readonly {TypeNames.Sequential} adaLN_modulation;");
            writer.Line();
            writer.Line("/// <summary>Creates the final layer.</summary>");
            using (writer.Block("public FinalLayer() : base(nameof(FinalLayer))"))
            {
                writer.Line($"norm_final = {norm.Construction};");
                writer.Line($"linear = {TypeNames.Torch}.nn.Linear({spec.Dim}, {outputs});");
                writer.Line(spec.ZeroInit ? $"{TypeNames.WeightInit}.ZeroLinear(linear);" : $"{TypeNames.WeightInit}.XavierLinear(linear);");
                writer.Line($"adaLN_modulation = {TypeNames.Blocks}.AdaLn.Modulation({spec.Dim}, chunks: 2, zeroInit: {zero});");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Tokens (B, N, {spec.Dim}) and conditioning (B, {spec.Dim}) to patches (B, N, {outputs}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x, {TypeNames.Tensor} c)"))
            {
                writer.Line("var m = adaLN_modulation.forward(c).chunk(2, 1);   // shift, scale");
                writer.Line($"return linear.forward({TypeNames.Blocks}.AdaLn.Modulate(norm_final.forward(x), m[0], m[1]));");
            }
        }
    }
}
