using System;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>The PyTorch twin of a LLaMA (<see cref="LlamaEmitter"/>): Hugging Face's LlamaForCausalLM keys.</summary>
internal static class LlamaTwin
{
    private static readonly string[] Helpers =
        ["attend", "normal_init", "DynamicTanh", "Derf", "RMSNorm", "rotate_half", "apply_rotary", "LlamaAttention", "SwiGlu", "Block", "Decoder"];

    private const string Rotary = """"
        def rotate_half(x):
            first, second = x.chunk(2, dim=-1)
            return torch.cat([-second, first], dim=-1)


        def apply_rotary(x, theta):
            """RoPE as Hugging Face's Llama on (B, heads, T, head_dim), positions 0..T-1, angles in float32 (C#: DyT.Blocks.RotaryEmbedding)."""
            tokens, head_dim = x.shape[-2], x.shape[-1]
            inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32, device=x.device) / head_dim)
            angles = torch.outer(torch.arange(tokens, dtype=torch.float32, device=x.device), inv_freq)
            both = torch.cat([angles, angles], dim=-1)
            return x * both.cos().to(x.dtype) + rotate_half(x) * both.sin().to(x.dtype)
        """";

    private const string Attention = """"
        class LlamaAttention(nn.Module):
            """Causal self-attention as Hugging Face's LlamaAttention: bias-free projections, RoPE on q and k, and
            grouped-query attention when there are fewer key/value heads (C#: DyT.Blocks.LlamaAttention)."""

            def __init__(self, dim, heads, kv_heads, theta):
                super().__init__()
                self.heads, self.kv_heads, self.head_dim, self.theta = heads, kv_heads, dim // heads, theta
                self.q_proj = normal_init(nn.Linear(dim, heads * self.head_dim, bias=False))
                self.k_proj = normal_init(nn.Linear(dim, kv_heads * self.head_dim, bias=False))
                self.v_proj = normal_init(nn.Linear(dim, kv_heads * self.head_dim, bias=False))
                self.o_proj = normal_init(nn.Linear(heads * self.head_dim, dim, bias=False))

            def forward(self, x):
                b, t, _ = x.shape
                q = apply_rotary(self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2), self.theta)
                k = apply_rotary(self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2), self.theta)
                v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
                if self.kv_heads != self.heads:
                    # Hugging Face's repeat_kv: key/value head j serves query heads j * groups .. (j + 1) * groups - 1.
                    k = k.repeat_interleave(self.heads // self.kv_heads, dim=1)
                    v = v.repeat_interleave(self.heads // self.kv_heads, dim=1)
                return self.o_proj(attend(q, k, v, causal=True).transpose(1, 2).reshape(b, t, self.heads * self.head_dim))
        """";

    private const string SwiGlu = """"
        class SwiGlu(nn.Module):
            """LLaMA's FFN as Hugging Face's LlamaMLP: down_proj(silu(gate_proj(x)) * up_proj(x)), bias-free (C#: DyT.Blocks.SwiGlu)."""

            def __init__(self, dim, hidden):
                super().__init__()
                self.gate_proj = normal_init(nn.Linear(dim, hidden, bias=False))
                self.up_proj = normal_init(nn.Linear(dim, hidden, bias=False))
                self.down_proj = normal_init(nn.Linear(hidden, dim, bias=False))

            def forward(self, x):
                return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))
        """";

    public static PythonModule Write(LlamaSpec spec)
    {
        var norms = LlamaNorms.For(spec);
        var className = PythonNames.ClassName(spec.Target.Name, Helpers);
        var d = Literals.Int(spec.Dim);
        string[] summary =
        [
            $"LLaMA-style decoder: vocabulary {spec.VocabSize}, width {d}, {spec.Depth} layers of {spec.Heads} heads ({spec.KvHeadCount} key/value heads),",
            $"SwiGLU hidden {spec.FfnHidden}, RoPE theta 10000 up to {spec.MaxSeqLen} tokens.",
            $"Norms: {norms.Attention.Description} before attention, {norms.Ffn.Description} before the FFN, {norms.Final.Description} at the end.",
        ];
        return PythonModule.Write(spec.Target, "Transformer", className, summary, pieces =>
        {
            pieces.Add(PythonParts.Attend);
            pieces.Add(PythonParts.NormalInit);
            foreach (var helper in PythonNorm.Helpers(norms.Attention, norms.Ffn, norms.Final)) pieces.Add(helper);
            pieces.Add(Rotary);
            pieces.Add(Attention);
            pieces.Add(SwiGlu);
            pieces.Module("Block", ["A decoder layer (LlamaDecoderLayer): x + attn(norm(x)), then x + ffn(norm(x))."],
                "",
                [
                    $"self.input_layernorm = {PythonNorm.Construction(norms.Attention, d)}",
                    $"self.self_attn = LlamaAttention(dim={d}, heads={spec.Heads}, kv_heads={spec.KvHeadCount}, theta=10000.0)",
                    $"self.post_attention_layernorm = {PythonNorm.Construction(norms.Ffn, d)}",
                    $"self.mlp = SwiGlu(dim={d}, hidden={spec.FfnHidden})",
                ],
                "x",
                [
                    "x = x + self.self_attn(self.input_layernorm(x))",
                    "return x + self.mlp(self.post_attention_layernorm(x))",
                ]);
            string[] embedScale = spec.HasEmbedScale
                ?
                [
                    $"# The paper's LLaMA recipe: a learnable scalar after the embedding, init sqrt({d}).",
                    $"self.embed_scale = nn.Parameter(torch.full((1,), {Literals.Double(Math.Sqrt(spec.Dim))}))",
                ]
                : [];
            pieces.Module("Decoder", ["The embedding, the decoder layers and the final norm (Hugging Face's LlamaModel, keys model.*)."],
                "",
                [
                    $"self.embed_tokens = normal_init(nn.Embedding({spec.VocabSize}, {d}))",
                    .. embedScale,
                    $"self.layers = nn.ModuleList([Block() for _ in range({spec.Depth})])",
                    $"self.norm = {PythonNorm.Construction(norms.Final, d)}",
                ],
                "tokens",
                [
                    $"if tokens.dim() != 2 or tokens.shape[1] > {spec.MaxSeqLen}:",
                    $"    raise ValueError(f\"expects tokens of shape (B, T) with T <= {spec.MaxSeqLen} (MaxSeqLen); got {{tuple(tokens.shape)}}\")",
                    spec.HasEmbedScale ? "x = self.embed_tokens(tokens) * self.embed_scale" : "x = self.embed_tokens(tokens)",
                    "for layer in self.layers:",
                    "    x = layer(x)",
                    "return self.norm(x)",
                ]);
            pieces.Module(className, [$"Tokens (B, T) int64, T at most {spec.MaxSeqLen}, to next-token logits (B, T, {spec.VocabSize}); keys as LlamaForCausalLM."],
                "",
                [
                    "self.model = Decoder()",
                    $"self.lm_head = normal_init(nn.Linear({d}, {spec.VocabSize}, bias=False))",
                ],
                "tokens",
                ["return self.lm_head(self.model(tokens))"]);
        });
    }
}
