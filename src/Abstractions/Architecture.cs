namespace DyT;

/// <summary>The Transformer family that <see cref="TransformerAttribute"/> generates.</summary>
public enum Architecture
{
    /// <summary>Vision Transformer (timm's VisionTransformer): patch embedding, class token, pre-norm blocks.</summary>
    ViT = 0,

    /// <summary>Decoder-only language model as LLaMA 2 (Hugging Face's LlamaForCausalLM).</summary>
    Llama = 1,

    /// <summary>Diffusion Transformer with adaLN-Zero blocks (facebookresearch/DiT).</summary>
    DiT = 2,
}
