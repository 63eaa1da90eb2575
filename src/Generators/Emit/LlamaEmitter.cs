using System;
using DyT.Generators.Specs;
using DyT.Generators.Text;
using static DyT.Generators.Emit.ModuleWriter;

namespace DyT.Generators.Emit;

/// <summary>
/// Emits a decoder-only LM with LLaMA's structure (LLaMA 2 and 3: rotary base and scaling, tied embeddings) and Hugging
/// Face LlamaForCausalLM's state-dict keys, with a forward over a whole sequence and one that continues a KV cache.
/// </summary>
internal static class LlamaEmitter
{
    private const string KvCache = "global::DyT.Generation.KvCache";
    private const string KvCacheLayer = "global::DyT.Generation.KvCacheLayer";
    private const string RotaryAngles = "global::DyT.Blocks.RotaryAngles";
    private const string RotaryEmbedding = "global::DyT.Blocks.RotaryEmbedding";
    private const string DecoderBase = $"global::TorchSharp.torch.nn.Module<{TypeNames.Tensor}, {KvCache}?, {TypeNames.Tensor}>";
    private const string BlockBase = $"global::TorchSharp.torch.nn.Module<{TypeNames.Tensor}, {RotaryAngles}, {KvCacheLayer}?, {TypeNames.Tensor}>";

    public static string Emit(LlamaSpec spec)
    {
        var norms = LlamaNorms.For(spec);
        var tree = LlamaTree.Of(spec, norms);
        var hasAlpha = spec.Norm is NormKind.DyT or NormKind.Derf;
        string[] summary =
        [
            $"LLaMA-style decoder: vocabulary {spec.VocabSize}, width {spec.Dim}, {spec.Depth} layers of {spec.Heads} heads ({spec.KvHeadCount} key/value heads), SwiGLU hidden {spec.FfnHidden};",
            $"{Rope(spec)} up to {spec.MaxSeqLen} tokens;{(spec.TieEmbeddings ? " LM head tied to the token embedding;" : "")} {Literals.Grouped(tree.Total)} parameters.",
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
            WriteModel(writer, spec);
            writer.Line();
            WriteDecoder(writer, spec, norms);
            writer.Line();
            WriteBlock(writer, spec, norms);
        }, alsoImplements: "global::DyT.Generation.ICausalLanguageModel");
    }

    private static string[] Facts(LlamaSpec spec, LlamaNorms norms) =>
    [
        $"norm {spec.Norm}: attention {norms.Attention.Description}, FFN {norms.Ffn.Description}, final {norms.Final.Description}",
    ];

    /// <summary>"RoPE theta 500000 with llama3 scaling (factor 32.0, ...)": the rotary embedding in words.</summary>
    internal static string Rope(LlamaSpec spec) =>
        $"RoPE theta {Literals.Double(spec.RopeTheta)}" + (spec.RopeScaling is { } s
            ? $" with llama3 scaling (factor {Literals.Double(s.Factor)}, low/high frequency factors {Literals.Double(s.LowFreqFactor)}/{Literals.Double(s.HighFreqFactor)}, original {s.OriginalMaxPositions} positions)"
            : "");

    /// <summary>The model's fields, constructor and its two forwards: a whole sequence, and the continuation of a cache.</summary>
    private static void WriteModel(CodeWriter writer, LlamaSpec spec)
    {
        if (spec.TieEmbeddings) Fields(writer, ("Decoder", "model"));
        else Fields(writer, ("Decoder", "model"), (TypeNames.Linear, "lm_head"));
        Constructor(writer, "Creates the model on the CPU with Hugging Face's initialization (normal, std 0.02).", ModelConstructor(spec.Target), w =>
        {
            w.Line("model = new Decoder();");
            if (spec.TieEmbeddings) return;
            w.Line($"lm_head = {TypeNames.Torch}.nn.Linear({spec.Dim}, {spec.VocabSize}, hasBias: false);");
            w.Line($"{TypeNames.WeightInit}.NormalLinear(lm_head, std: 0.02);");
        });
        writer.Line();
        Forward(writer, $"Tokens (B, T) int64, T at most {spec.MaxSeqLen}, at positions 0..T-1, to next-token logits (B, T, {spec.VocabSize}).", Tensor("tokens"), _ => { },
            Head(spec, "model.call(tokens, null)"));
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line($"/// Tokens (B, T) at positions <c>cache.Length</c> onwards to next-token logits (B, T, {spec.VocabSize}); every layer appends");
        writer.Line("/// the tokens' keys and values to <paramref name=\"cache\"/>. Prefill a prompt with one call, then decode token by token.");
        writer.Line("/// </summary>");
        using (writer.Block($"public {TypeNames.Tensor} forward({TypeNames.Tensor} tokens, {KvCache} cache)"))
        {
            ScopedBody(writer, _ => { }, Head(spec, "model.call(tokens, cache)"));
        }
    }

    /// <summary>The LM head applied to the hidden states <paramref name="hidden"/>: its own matrix, or the tied embedding.</summary>
    private static string Head(LlamaSpec spec, string hidden) => spec.TieEmbeddings
        ? $"{TypeNames.Torch}.nn.functional.linear({hidden}, model.TokenEmbeddings)"
        : $"lm_head.call({hidden})";

    private static void WriteDecoder(CodeWriter writer, LlamaSpec spec, LlamaNorms norms)
    {
        const string doc = "The embedding, the decoder layers and the final norm (Hugging Face's LlamaModel, keys <c>model.*</c>).";
        NestedClass(writer, doc, "Decoder", DecoderBase, w =>
        {
            w.Line("private readonly global::TorchSharp.Modules.Embedding embed_tokens;");
            if (spec.HasEmbedScale) w.Line($"private readonly {TypeNames.Parameter} embed_scale;");
            Fields(w, ($"{TypeNames.ModuleList}<Block>", "layers"), (norms.Final.FieldType, "norm"), (RotaryEmbedding, "rotary"));
            Constructor(w, "Creates the decoder stack.", NestedConstructor("Decoder"), c =>
            {
                c.Line($"embed_tokens = {TypeNames.Torch}.nn.Embedding({spec.VocabSize}, {spec.Dim});");
                c.Line($"{TypeNames.WeightInit}.NormalEmbedding(embed_tokens, std: 0.02);");
                if (spec.HasEmbedScale)
                {
                    c.Line($"// The paper's LLaMA recipe: a learnable scalar after the embedding, init sqrt({spec.Dim}); without it DyT's inputs are too small and training stalls.");
                    c.Line($"embed_scale = new {TypeNames.Parameter}({TypeNames.Torch}.full(1, {Literals.Double(Math.Sqrt(spec.Dim))}, {TypeNames.Torch}.ScalarType.Float32));");
                }
                c.Line("// The rotary embedding every layer shares; it has no parameters.");
                c.Line($"rotary = new {RotaryEmbedding}(headDim: {spec.HeadDim}, theta: {Literals.Double(spec.RopeTheta)}, scaling: Declaration.RopeScaling);");
                c.Line($"layers = new {TypeNames.ModuleList}<Block>();");
                AddRepeated(c, "layers", Literals.Int(spec.Depth), "new Block(rotary)");
                c.Line($"norm = {norms.Final.Construction};");
            });
            w.Line();
            if (spec.TieEmbeddings)
            {
                w.Line($"/// <summary>The token embedding matrix ({spec.VocabSize}, {spec.Dim}), <c>model.embed_tokens.weight</c>; the tied LM head multiplies by it too.</summary>");
                w.Line($"public {TypeNames.Parameter} TokenEmbeddings => embed_tokens.weight!;");
                w.Line();
            }
            Forward(w, $"Tokens (B, T) to hidden states (B, T, {spec.Dim}), at positions <c>cache.Length</c> onwards (0 onwards without a cache); each layer appends the tokens' keys and values to the cache.",
                $"{Tensor("tokens")}, {KvCache}? cache", f =>
            {
                f.Line($"global::DyT.Blocks.TokenInput.Check(tokens, vocabSize: {spec.VocabSize}, maxSeqLen: {spec.MaxSeqLen}, layers: {spec.Depth}, cache);");
                f.Line(TensorLocal("x", spec.HasEmbedScale ? "embed_tokens.call(tokens) * embed_scale" : "embed_tokens.call(tokens)"));
                f.Line("// Cos and sin of this forward's positions, computed once for every layer.");
                f.Line($"{RotaryAngles} angles = rotary.Angles(start: cache?.Length ?? 0, count: tokens.shape[1], x.dtype, x.device);");
                using (f.Block("for (int i = 0; i < layers.Count; i++)"))
                {
                    f.Line("x = layers[i].call(x, angles, cache?.Layer(i));");
                }
                f.Line("cache?.Advance(tokens.shape[1]);");
            }, "norm.call(x)");
        });
    }

    private static void WriteBlock(CodeWriter writer, LlamaSpec spec, LlamaNorms norms)
    {
        NestedClass(writer, "A decoder layer (LlamaDecoderLayer): x + attn(norm(x)), then x + ffn(norm(x)).", "Block", BlockBase, w =>
        {
            Fields(w,
                (norms.Attention.FieldType, "input_layernorm"),
                ($"{TypeNames.Blocks}.LlamaAttention", "self_attn"),
                (norms.Ffn.FieldType, "post_attention_layernorm"),
                ($"{TypeNames.Blocks}.SwiGlu", "mlp"));
            Constructor(w, "Creates one decoder layer around the model's rotary embedding.", NestedConstructor("Block", $"{RotaryEmbedding} rotary"), c =>
            {
                c.Line($"input_layernorm = {norms.Attention.Construction};");
                c.Line($"self_attn = new {TypeNames.Blocks}.LlamaAttention(dim: {spec.Dim}, heads: {spec.Heads}, kvHeads: {spec.KvHeadCount}, rotary: rotary);");
                c.Line($"post_attention_layernorm = {norms.Ffn.Construction};");
                c.Line($"mlp = new {TypeNames.Blocks}.SwiGlu(dim: {spec.Dim}, hidden: {spec.FfnHidden});");
            });
            w.Line();
            Forward(w, $"Hidden states (B, T, {spec.Dim}) at the positions of <paramref name=\"angles\"/> to hidden states (B, T, {spec.Dim}); attention also sees the tokens in <paramref name=\"cache\"/>.",
                $"{Tensor("x")}, {RotaryAngles} angles, {KvCacheLayer}? cache", f =>
            {
                f.Line("x = x + self_attn.call(input_layernorm.call(x), angles, cache);");
            }, "x + mlp.call(post_attention_layernorm.call(x))");
        });
    }
}
