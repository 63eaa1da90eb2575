using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>A LLaMA's modules and parameter counts as Hugging Face's LlamaForCausalLM has them.</summary>
internal static class LlamaTree
{
    public static ModuleTree Of(LlamaSpec spec, LlamaNorms norms)
    {
        long d = spec.Dim, v = spec.VocabSize, f = spec.FfnHidden, q = spec.Heads * spec.HeadDim, kv = spec.KvHeadCount * spec.HeadDim;
        var block = new ModuleTree("layers", repeat: spec.Depth, note: "LlamaDecoderLayer")
            .Add("self_attn", checked(d * q + 2 * d * kv + q * d), $"q/k/v/o_proj, {spec.Heads} heads, {spec.KvHeadCount} key/value heads")
            .Add("mlp", checked(3 * d * f), $"SwiGLU gate/up/down_proj, hidden {f}")
            .Add("input_layernorm", norms.Attention.ParameterCount, norms.Attention.Description)
            .Add("post_attention_layernorm", norms.Ffn.ParameterCount, norms.Ffn.Description);
        var model = new ModuleTree("model").Add("embed_tokens", checked(v * d));
        if (spec.HasEmbedScale) model.Add("embed_scale", 1, $"learnable scalar, init sqrt({spec.Dim})");
        model.Add(block).Add("norm", norms.Final.ParameterCount, norms.Final.Description);
        // Tied (tie_word_embeddings): the head is model.embed_tokens.weight, counted once, under the embedding.
        return new ModuleTree(spec.Target.Name).Add(model).Add("lm_head", spec.TieEmbeddings ? 0 : checked(d * v),
            spec.TieEmbeddings ? "tied to model.embed_tokens.weight" : "untied");
    }
}

/// <summary>The three kinds of norm site in a LLaMA: before attention, before the FFN, and the final norm.</summary>
internal sealed record LlamaNorms(NormSite Attention, NormSite Ffn, NormSite Final)
{
    public static LlamaNorms For(LlamaSpec spec)
    {
        // The paper's LLaMA recipe: DyT (and Derf) without bias; LayerNorm keeps HF-style affine, RMSNorm has weight only.
        var affine = spec.Norm is NormKind.DyT or NormKind.Derf ? NormAffine.WeightOnly : NormAffine.Full;
        var alphas = spec.Alphas;
        return new LlamaNorms(
            new NormSite(spec.Norm, spec.Dim, alphas.Attention, spec.NormEps, affine),
            new NormSite(spec.Norm, spec.Dim, alphas.Ffn, spec.NormEps, affine),
            new NormSite(spec.Norm, spec.Dim, alphas.Final, spec.NormEps, affine));
    }
}
