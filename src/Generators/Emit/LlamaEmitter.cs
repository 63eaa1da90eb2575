using System;
using DyT.Generators.Specs;
using DyT.Generators.Text;
using static DyT.Generators.Emit.ModuleWriter;

namespace DyT.Generators.Emit;

/// <summary>Emits a decoder-only LM with LLaMA 2's structure and Hugging Face LlamaForCausalLM's state-dict keys.</summary>
internal static class LlamaEmitter
{
    public static string Emit(LlamaSpec spec)
    {
        var norms = LlamaNorms.For(spec);
        var tree = LlamaTree.Of(spec, norms);
        var hasAlpha = spec.Norm is NormKind.DyT or NormKind.Derf;
        string[] summary =
        [
            $"LLaMA-style decoder: vocabulary {spec.VocabSize}, width {spec.Dim}, {spec.Depth} layers of {spec.Heads} heads",
            $"({spec.KvHeadCount} key/value heads), SwiGLU hidden {spec.FfnHidden}, RoPE theta 10000 up to {spec.MaxSeqLen} tokens; {Literals.Grouped(tree.Total)} parameters.",
            $"Norms: {norms.Attention.Description} before attention, {norms.Ffn.Description} before the FFN, {norms.Final.Description} at the end,",
            "chosen at compile time. State-dict keys follow Hugging Face's LlamaForCausalLM.",
        ];
        return SourceFile.Write(spec.Target, "Transformer", summary, writer =>
        {
            Metadata.ParameterCount(writer, tree);
            Metadata.NormKindConstant(writer, spec.Norm, "of every decoder layer and the final norm");
            if (hasAlpha)
            {
                writer.Line($"// Alphas: {spec.Alphas.Reason}.");
                writer.Line("// The paper (Table 11) found the best initial alpha depends on width, not depth; wider needs smaller.");
            }
            Metadata.Alpha(writer, spec.Norm, "AlphaInitAttention", norms.Attention.AlphaInit, "the norms before attention (input_layernorm)");
            Metadata.Alpha(writer, spec.Norm, "AlphaInitFfn", norms.Ffn.AlphaInit, "the norms before the FFN (post_attention_layernorm)");
            Metadata.Alpha(writer, spec.Norm, "AlphaInitFinal", norms.Final.AlphaInit, "the final norm (model.norm)");
            Metadata.Summary(writer, tree, Facts(spec, norms));
            DeclarationWriter.Write(writer, spec);
            Fields(writer, ("Decoder", "model"), (TypeNames.Linear, "lm_head"));
            Constructor(writer, "Creates the model on the CPU with Hugging Face's initialization (normal, std 0.02).", ModelConstructor(spec.Target), w =>
            {
                w.Line("model = new Decoder();");
                w.Line($"lm_head = {TypeNames.Torch}.nn.Linear({spec.Dim}, {spec.VocabSize}, hasBias: false);");
                w.Line($"{TypeNames.WeightInit}.NormalLinear(lm_head, std: 0.02);");
            });
            writer.Line();
            Forward(writer, $"Tokens (B, T) int64, T at most {spec.MaxSeqLen}, to next-token logits (B, T, {spec.VocabSize}).", Tensor("tokens"), _ => { },
                "lm_head.call(model.call(tokens))");
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
        const string doc = "The embedding, the decoder layers and the final norm (Hugging Face's LlamaModel, keys <c>model.*</c>).";
        NestedClass(writer, doc, "Decoder", TypeNames.Module, w =>
        {
            w.Line("private readonly global::TorchSharp.Modules.Embedding embed_tokens;");
            if (spec.HasEmbedScale) w.Line($"private readonly {TypeNames.Parameter} embed_scale;");
            Fields(w, ($"{TypeNames.ModuleList}<Block>", "layers"), (norms.Final.FieldType, "norm"));
            Constructor(w, "Creates the decoder stack.", NestedConstructor("Decoder"), c =>
            {
                c.Line($"embed_tokens = {TypeNames.Torch}.nn.Embedding({spec.VocabSize}, {spec.Dim});");
                c.Line($"{TypeNames.WeightInit}.NormalEmbedding(embed_tokens, std: 0.02);");
                if (spec.HasEmbedScale)
                {
                    c.Line($"// The paper's LLaMA recipe: a learnable scalar after the embedding, init sqrt({spec.Dim}); without it DyT's inputs are too small and training stalls.");
                    c.Line($"embed_scale = new {TypeNames.Parameter}({TypeNames.Torch}.full(1, {Literals.Double(Math.Sqrt(spec.Dim))}, {TypeNames.Torch}.ScalarType.Float32));");
                }
                c.Line($"layers = new {TypeNames.ModuleList}<Block>();");
                AddRepeated(c, "layers", Literals.Int(spec.Depth), "new Block()");
                c.Line($"norm = {norms.Final.Construction};");
            });
            w.Line();
            Forward(w, $"Tokens (B, T) to hidden states (B, T, {spec.Dim}).", Tensor("tokens"), f =>
            {
                using (f.Block($"if (tokens.dim() != 2 || tokens.shape[1] > {spec.MaxSeqLen})"))
                {
                    f.Line("throw new global::System.ArgumentException(");
                    f.Line($"    $\"expects tokens of shape (B, T) with T <= {spec.MaxSeqLen} (MaxSeqLen); got ({{string.Join(\", \", tokens.shape)}}).\", \"tokens\");");
                }
                f.Line(TensorLocal("x", spec.HasEmbedScale ? "embed_tokens.call(tokens) * embed_scale" : "embed_tokens.call(tokens)"));
                ForwardEach(f, "layers", "Block", "layer", "x");
            }, "norm.call(x)");
        });
    }

    private static void WriteBlock(CodeWriter writer, LlamaSpec spec, LlamaNorms norms)
    {
        NestedClass(writer, "A decoder layer (LlamaDecoderLayer): x + attn(norm(x)), then x + ffn(norm(x)).", "Block", TypeNames.Module, w =>
        {
            Fields(w,
                (norms.Attention.FieldType, "input_layernorm"),
                ($"{TypeNames.Blocks}.LlamaAttention", "self_attn"),
                (norms.Ffn.FieldType, "post_attention_layernorm"),
                ($"{TypeNames.Blocks}.SwiGlu", "mlp"));
            Constructor(w, "Creates one decoder layer.", NestedConstructor("Block"), c =>
            {
                c.Line($"input_layernorm = {norms.Attention.Construction};");
                c.Line($"self_attn = new {TypeNames.Blocks}.LlamaAttention(dim: {spec.Dim}, heads: {spec.Heads}, kvHeads: {spec.KvHeadCount}, theta: 10000.0);");
                c.Line($"post_attention_layernorm = {norms.Ffn.Construction};");
                c.Line($"mlp = new {TypeNames.Blocks}.SwiGlu(dim: {spec.Dim}, hidden: {spec.FfnHidden});");
            });
            w.Line();
            Forward(w, $"Hidden states (B, T, {spec.Dim}) to hidden states (B, T, {spec.Dim}).", Tensor("x"), f =>
            {
                f.Line("x = x + self_attn.call(input_layernorm.call(x));");
            }, "x + mlp.call(post_attention_layernorm.call(x))");
        });
    }
}
