using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using DyT.Declarations;

namespace DyT.Inference;

/// <summary>The norms of each generated family whose affine can fold, and where; families not listed fold nothing.</summary>
internal static class FoldingLayout
{
    private static readonly FoldingRule[] Vit =
    [
        new(Path(@"blocks\.(\d+)\.norm1"), ["blocks.$1.attn.qkv"], "attention's qkv projection"),
        new(Path(@"blocks\.(\d+)\.norm2"), ["blocks.$1.mlp.fc1"], "the MLP's fc1"),
        // The head reads the class token of the final norm's output; picking a token commutes with a per-channel affine.
        new(Path("norm"), ["head"], "the classification head (class token)"),
    ];

    private static readonly FoldingRule[] Llama =
    [
        new(Path(@"model\.layers\.(\d+)\.input_layernorm"),
            ["model.layers.$1.self_attn.q_proj", "model.layers.$1.self_attn.k_proj", "model.layers.$1.self_attn.v_proj"],
            "attention's q/k/v projections"),
        new(Path(@"model\.layers\.(\d+)\.post_attention_layernorm"),
            ["model.layers.$1.mlp.gate_proj", "model.layers.$1.mlp.up_proj"], "SwiGLU's gate and up projections"),
        new(Path(@"model\.norm"), ["lm_head"], "the LM head", MayBeTied: true),
    ];

    /// <summary>The rules for a generated model with <paramref name="declaration"/>; none for DiT, ConvNeXt and ResNet.</summary>
    public static IReadOnlyList<FoldingRule> For(ModelDeclaration declaration) => declaration switch
    {
        VitDeclaration => Vit,
        LlamaDeclaration => Llama,
        _ => Array.Empty<FoldingRule>(),
    };

    private static Regex Path(string pattern) => new($"^{pattern}$", RegexOptions.CultureInvariant);
}
