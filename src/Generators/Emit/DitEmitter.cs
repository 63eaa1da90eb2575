using DyT.Generators.Specs;
using DyT.Generators.Text;
using static DyT.Generators.Emit.ModuleWriter;

namespace DyT.Generators.Emit;

/// <summary>Emits a class-conditional Diffusion Transformer with facebookresearch/DiT's structure and state-dict keys.</summary>
internal static class DitEmitter
{
    /// <summary>DiT's LayerNorms: eps 1e-6, no affine (adaLN supplies scale and shift).</summary>
    internal const double Eps = 1e-6;

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
            Metadata.NormKindConstant(writer, spec.Norm, "before every modulation (no affine: adaLN supplies scale and shift)");
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
            DeclarationWriter.Write(writer, spec);
            Fields(writer,
                ($"{TypeNames.Blocks}.PatchEmbed", "x_embedder"),
                ($"{TypeNames.Blocks}.TimestepEmbedder", "t_embedder"),
                ($"{TypeNames.Blocks}.LabelEmbedder", "y_embedder"),
                (TypeNames.Parameter, "pos_embed"),
                ($"{TypeNames.ModuleList}<Block>", "blocks"),
                ("FinalLayer", "final_layer"));
            Constructor(writer, "Creates the model on the CPU.", ModelConstructor(spec.Target), w =>
            {
                w.Line($"x_embedder = new {TypeNames.Blocks}.PatchEmbed(inChannels: {spec.InChannels}, embedDim: {spec.Dim}, patchSize: {spec.PatchSize}, imageSize: {spec.ImageSize});");
                w.Line("x_embedder.XavierInit();   // DiT's initialize_weights for the patch projection");
                w.Line($"t_embedder = new {TypeNames.Blocks}.TimestepEmbedder({spec.Dim});");
                w.Line($"y_embedder = new {TypeNames.Blocks}.LabelEmbedder(classes: {spec.NumClasses}, dim: {spec.Dim}, dropProbability: 0.1);");
                w.Line($"pos_embed = new {TypeNames.Parameter}({TypeNames.Blocks}.SinCosPosEmbed.Create2D({spec.Dim}, grid: {spec.Grid}), requires_grad: false);");
                w.Line($"blocks = new {TypeNames.ModuleList}<Block>();");
                AddRepeated(w, "blocks", Literals.Int(spec.Depth), "new Block()");
                w.Line("final_layer = new FinalLayer();");
            });
            writer.Line();
            var forwardDoc = $"Noisy latents (B, {spec.InChannels}, {spec.ImageSize}, {spec.ImageSize}), timesteps (B) and labels (B) int64 (NullClass for none) " +
                $"to the prediction (B, {spec.OutChannels}, {spec.ImageSize}, {spec.ImageSize}){(spec.LearnSigma ? ": noise, then the variance" : "")}.";
            Forward(writer, forwardDoc, $"{Tensor("x")}, {Tensor("t")}, {Tensor("y")}", w =>
            {
                w.Line(TensorLocal("tokens", "x_embedder.call(x) + pos_embed") + $"   // (B, {spec.NumPatches}, {spec.Dim})");
                w.Line(TensorLocal("c", "t_embedder.call(t) + y_embedder.call(y)") + $"   // conditioning (B, {spec.Dim})");
                ForwardEach(w, "blocks", "Block", "block", "tokens", ", c");
                w.Line($"tokens = final_layer.call(tokens, c);   // (B, {spec.NumPatches}, {(long)spec.PatchSize * spec.PatchSize * spec.OutChannels})");
            }, $"{TypeNames.Blocks}.Unpatchify.Apply(tokens, channels: {spec.OutChannels}, patch: {spec.PatchSize})");
            writer.Line();
            WriteBlock(writer, spec, norm, zero);
            writer.Line();
            WriteFinalLayer(writer, spec, norm, zero);
        }, TypeNames.ModuleThreeInputs);
    }

    private static void WriteBlock(CodeWriter writer, DitSpec spec, NormSite norm, string zero)
    {
        const string doc = "A DiT block: attention and MLP, each on a modulated norm and scaled by a gate, all from the conditioning.";
        NestedClass(writer, doc, "Block", TypeNames.ModuleTwoInputs, w =>
        {
            Fields(w,
                (norm.FieldType, "norm1"),
                ($"{TypeNames.Blocks}.Attention", "attn"),
                (norm.FieldType, "norm2"),
                ($"{TypeNames.Blocks}.Mlp", "mlp"),
                (TypeNames.Sequential, "adaLN_modulation"));
            Constructor(w, "Creates one block.", NestedConstructor("Block"), c =>
            {
                c.Line($"norm1 = {norm.Construction};");
                c.Line($"attn = new {TypeNames.Blocks}.Attention(dim: {spec.Dim}, heads: {spec.Heads});");
                c.Line($"norm2 = {norm.Construction};");
                c.Line($"mlp = new {TypeNames.Blocks}.Mlp(dim: {spec.Dim}, hidden: {spec.MlpHidden}, tanhGelu: true);");
                c.Line($"adaLN_modulation = {TypeNames.Blocks}.AdaLn.Modulation({spec.Dim}, chunks: 6, zeroInit: {zero});");
            });
            w.Line();
            Forward(w, $"Tokens (B, N, {spec.Dim}) and conditioning (B, {spec.Dim}) to tokens (B, N, {spec.Dim}).", $"{Tensor("x")}, {Tensor("c")}", f =>
            {
                f.Line($"{TypeNames.Tensor}[] m = adaLN_modulation.call(c).chunk(6, 1);   // shift, scale, gate (attention), shift, scale, gate (MLP)");
                f.Line($"x = x + m[2].unsqueeze(1) * attn.call({TypeNames.Blocks}.AdaLn.Modulate(norm1.call(x), m[0], m[1]));");
            }, $"x + m[5].unsqueeze(1) * mlp.call({TypeNames.Blocks}.AdaLn.Modulate(norm2.call(x), m[3], m[4]))");
        });
    }

    private static void WriteFinalLayer(CodeWriter writer, DitSpec spec, NormSite norm, string zero)
    {
        var outputs = (long)spec.PatchSize * spec.PatchSize * spec.OutChannels;
        const string doc = "DiT's final layer: a modulated norm, then a linear map of each token to its patch's pixels.";
        NestedClass(writer, doc, "FinalLayer", TypeNames.ModuleTwoInputs, w =>
        {
            Fields(w, (norm.FieldType, "norm_final"), (TypeNames.Linear, "linear"), (TypeNames.Sequential, "adaLN_modulation"));
            Constructor(w, "Creates the final layer.", NestedConstructor("FinalLayer"), c =>
            {
                c.Line($"norm_final = {norm.Construction};");
                c.Line($"linear = {TypeNames.Torch}.nn.Linear({spec.Dim}, {outputs});");
                c.Line(spec.ZeroInit ? $"{TypeNames.WeightInit}.ZeroLinear(linear);" : $"{TypeNames.WeightInit}.XavierLinear(linear);");
                c.Line($"adaLN_modulation = {TypeNames.Blocks}.AdaLn.Modulation({spec.Dim}, chunks: 2, zeroInit: {zero});");
            });
            w.Line();
            Forward(w, $"Tokens (B, N, {spec.Dim}) and conditioning (B, {spec.Dim}) to patches (B, N, {outputs}).", $"{Tensor("x")}, {Tensor("c")}", f =>
            {
                f.Line($"{TypeNames.Tensor}[] m = adaLN_modulation.call(c).chunk(2, 1);   // shift, scale");
            }, $"linear.call({TypeNames.Blocks}.AdaLn.Modulate(norm_final.call(x), m[0], m[1]))");
        });
    }
}
