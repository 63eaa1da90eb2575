using System;
using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>Emits a decoder-only LM with LLaMA 2's structure and Hugging Face LlamaForCausalLM's state-dict keys.</summary>
internal static class LlamaEmitter
{
    public static string Emit(LlamaSpec spec)
    {
        var norms = LlamaNorms.For(spec);
        var tree = LlamaTree.Of(spec, norms);
        var hasAlpha = spec.Norm is Norm.DyT or Norm.Derf;
        string[] summary =
        [
            $"LLaMA-style decoder: vocabulary {spec.VocabSize}, width {spec.Dim}, {spec.Depth} layers of {spec.Heads} heads",
            $"({spec.KvHeads} key/value heads), SwiGLU hidden {spec.FfnDim}, RoPE theta 10000 up to {spec.MaxSeqLen} tokens; {Literals.Grouped(tree.Total)} parameters.",
            $"Norms: {norms.Attention.Description} before attention, {norms.Ffn.Description} before the FFN, {norms.Final.Description} at the end,",
            "chosen at compile time. State-dict keys follow Hugging Face's LlamaForCausalLM.",
        ];
        return SourceFile.Write(spec.Target, "Transformer", summary, writer =>
        {
            Metadata.ParameterCount(writer, tree);
            Metadata.NormKind(writer, spec.Norm, "of every decoder layer and the final norm");
            if (hasAlpha)
            {
                writer.Line($"// Alphas: {spec.Alphas.Reason}.");
                writer.Line("// The paper (Table 11) found the best initial alpha depends on width, not depth; wider needs smaller.");
            }
            Metadata.Alpha(writer, spec.Norm, "AlphaInitAttention", norms.Attention.AlphaInit, "the norms before attention (input_layernorm)");
            Metadata.Alpha(writer, spec.Norm, "AlphaInitFfn", norms.Ffn.AlphaInit, "the norms before the FFN (post_attention_layernorm)");
            Metadata.Alpha(writer, spec.Norm, "AlphaInitFinal", norms.Final.AlphaInit, "the final norm (model.norm)");
            Metadata.Summary(writer, tree, Facts(spec, norms));
            writer.Line("private readonly Decoder model;");
            writer.Line($"private readonly {TypeNames.Linear} lm_head;");
            writer.Line();
            writer.Line("/// <summary>Creates the model on the CPU with Hugging Face's initialization (normal, std 0.02).</summary>");
            using (writer.Block($"public {spec.Target.Name}() : base(nameof({spec.Target.Name}))"))
            {
                writer.Line("model = new Decoder();");
                writer.Line($"lm_head = {TypeNames.Torch}.nn.Linear({spec.Dim}, {spec.VocabSize}, hasBias: false);");
                writer.Line($"{TypeNames.WeightInit}.NormalLinear(lm_head, std: 0.02);");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Tokens (B, T) int64, T at most {spec.MaxSeqLen}, to next-token logits (B, T, {spec.VocabSize}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} tokens)"))
            {
                writer.Line("return lm_head.forward(model.forward(tokens));");
            }
            writer.Line();
            WriteDecoder(writer, spec, norms);
            writer.Line();
            WriteBlock(writer, spec, norms);
        });
    }

    private static string[] Facts(LlamaSpec spec, LlamaNorms norms) =>
    [
        $"norm {spec.Norm}: attention {norms.Attention.Description}, FFN {norms.Ffn.Description}, final {norms.Final.Description}",
    ];

    private static void WriteDecoder(CodeWriter writer, LlamaSpec spec, LlamaNorms norms)
    {
        writer.Line("/// <summary>The embedding, the decoder layers and the final norm (Hugging Face's LlamaModel, keys <c>model.*</c>).</summary>");
        using (writer.Block($"public sealed class Decoder : {TypeNames.Module}"))
        {
            writer.Line("private readonly global::TorchSharp.Modules.Embedding embed_tokens;");
            if (spec.HasEmbedScale) writer.Line($"private readonly {TypeNames.Parameter} embed_scale;");
            writer.Line($"private readonly {TypeNames.ModuleList}<Block> layers;");
            writer.Line($"private readonly {norms.Final.FieldType} norm;");
            writer.Line();
            writer.Line("/// <summary>Creates the decoder stack.</summary>");
            using (writer.Block("public Decoder() : base(nameof(Decoder))"))
            {
                writer.Line($"embed_tokens = {TypeNames.Torch}.nn.Embedding({spec.VocabSize}, {spec.Dim});");
                writer.Line($"{TypeNames.WeightInit}.NormalEmbedding(embed_tokens, std: 0.02);");
                if (spec.HasEmbedScale)
                {
                    writer.Line($"// The paper's LLaMA recipe: a learnable scalar after the embedding, init sqrt({spec.Dim}); without it DyT's inputs are too small and training stalls.");
                    writer.Line($"embed_scale = new {TypeNames.Parameter}({TypeNames.Torch}.full(1, {Literals.Double(Math.Sqrt(spec.Dim))}, {TypeNames.Torch}.ScalarType.Float32));");
                }
                writer.Line($"layers = new {TypeNames.ModuleList}<Block>();");
                using (writer.Block($"for (int i = 0; i < {spec.Depth}; i++)"))
                {
                    writer.Line("layers.Add(new Block());");
                }
                writer.Line($"norm = {norms.Final.Construction};");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Tokens (B, T) to hidden states (B, T, {spec.Dim}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} tokens)"))
            {
                using (writer.Block($"if (tokens.dim() != 2 || tokens.shape[1] > {spec.MaxSeqLen})"))
                {
                    writer.Line("throw new global::System.ArgumentException(");
                    writer.Line($"    $\"expects tokens of shape (B, T) with T <= {spec.MaxSeqLen} (MaxSeqLen); got ({{string.Join(\", \", tokens.shape)}}).\", nameof(tokens));");
                }
                writer.Line(spec.HasEmbedScale
                    ? "var x = embed_tokens.forward(tokens) * embed_scale;"
                    : "var x = embed_tokens.forward(tokens);");
                using (writer.Block("foreach (var layer in layers)"))
                {
                    writer.Line("x = layer.forward(x);");
                }
                writer.Line("return norm.forward(x);");
            }
        }
    }

    private static void WriteBlock(CodeWriter writer, LlamaSpec spec, LlamaNorms norms)
    {
        writer.Line("/// <summary>A decoder layer (LlamaDecoderLayer): x + attn(norm(x)), then x + ffn(norm(x)).</summary>");
        using (writer.Block($"public sealed class Block : {TypeNames.Module}"))
        {
            writer.Line($"private readonly {norms.Attention.FieldType} input_layernorm;");
            writer.Line($"private readonly {TypeNames.Blocks}.LlamaAttention self_attn;");
            writer.Line($"private readonly {norms.Ffn.FieldType} post_attention_layernorm;");
            writer.Line($"private readonly {TypeNames.Blocks}.SwiGlu mlp;");
            writer.Line();
            writer.Line("/// <summary>Creates one decoder layer.</summary>");
            using (writer.Block("public Block() : base(nameof(Block))"))
            {
                writer.Line($"input_layernorm = {norms.Attention.Construction};");
                writer.Line($"self_attn = new {TypeNames.Blocks}.LlamaAttention(dim: {spec.Dim}, heads: {spec.Heads}, kvHeads: {spec.KvHeads}, theta: 10000.0);");
                writer.Line($"post_attention_layernorm = {norms.Ffn.Construction};");
                writer.Line($"mlp = new {TypeNames.Blocks}.SwiGlu(dim: {spec.Dim}, hidden: {spec.FfnDim});");
                writer.Line("RegisterComponents();");
            }
            writer.Line();
            writer.Line($"/// <summary>Hidden states (B, T, {spec.Dim}) to hidden states (B, T, {spec.Dim}).</summary>");
            using (writer.Block($"public override {TypeNames.Tensor} forward({TypeNames.Tensor} x)"))
            {
                writer.Line("x = x + self_attn.forward(input_layernorm.forward(x));");
                writer.Line("return x + mlp.forward(post_attention_layernorm.forward(x));");
            }
        }
    }
}
