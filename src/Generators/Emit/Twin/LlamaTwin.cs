using System;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>The PyTorch twin of a LLaMA (<see cref="LlamaEmitter"/>): Hugging Face's LlamaForCausalLM keys.</summary>
internal static class LlamaTwin
{
    private static readonly string[] Helpers =
        ["attend", "normal_init", "DynamicTanh", "Derf", "RMSNorm", "rotate_half", "rotary_frequencies", "apply_rotary", "LlamaAttention", "SwiGlu", "Block", "Decoder"];

    private const string Rotary = """"
        def rotate_half(x):
            first, second = x.chunk(2, dim=-1)
            return torch.cat([-second, first], dim=-1)


        def rotary_frequencies(head_dim, theta, scaling):
            """Hugging Face's inv_freq, theta^(-2i/d) in float32; with scaling (factor, low_freq_factor, high_freq_factor,
            original_max_positions), Llama 3.1's: wavelengths above original / low divided by factor, those below
            original / high kept, those between interpolated (C#: DyT.Blocks.RotaryEmbedding.InverseFrequencies)."""
            frequencies = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
            if scaling is None:
                return frequencies
            factor, low, high, original = scaling
            wavelength = 2 * math.pi / frequencies
            scaled = torch.where(wavelength > original / low, frequencies / factor, frequencies)
            smooth = (original / wavelength - low) / (high - low)
            interpolated = (1 - smooth) * scaled / factor + smooth * scaled
            between = (wavelength >= original / high) & (wavelength <= original / low)
            return torch.where(between, interpolated, scaled)


        def apply_rotary(x, inv_freq):
            """RoPE as Hugging Face's Llama on (B, heads, T, head_dim), positions 0..T-1, angles in float32 (C#: DyT.Blocks.RotaryEmbedding)."""
            tokens = x.shape[-2]
            angles = torch.outer(torch.arange(tokens, dtype=torch.float32, device=x.device), inv_freq.to(x.device))
            both = torch.cat([angles, angles], dim=-1)
            return x * both.cos().to(x.dtype) + rotate_half(x) * both.sin().to(x.dtype)
        """";

    private const string Attention = """"
        class LlamaAttention(nn.Module):
            """Causal self-attention as Hugging Face's LlamaAttention: bias-free projections, RoPE on q and k, and
            grouped-query attention when there are fewer key/value heads (C#: DyT.Blocks.LlamaAttention)."""

            def __init__(self, dim, heads, kv_heads, theta, scaling=None):
                super().__init__()
                self.heads, self.kv_heads, self.head_dim = heads, kv_heads, dim // heads
                # Not persistent: outside the state dict, as Hugging Face's inv_freq and the C# RotaryEmbedding.
                self.register_buffer("inv_freq", rotary_frequencies(self.head_dim, theta, scaling), persistent=False)
                self.q_proj = normal_init(nn.Linear(dim, heads * self.head_dim, bias=False))
                self.k_proj = normal_init(nn.Linear(dim, kv_heads * self.head_dim, bias=False))
                self.v_proj = normal_init(nn.Linear(dim, kv_heads * self.head_dim, bias=False))
                self.o_proj = normal_init(nn.Linear(heads * self.head_dim, dim, bias=False))

            def forward(self, x):
                b, t, _ = x.shape
                q = apply_rotary(self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2), self.inv_freq)
                k = apply_rotary(self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2), self.inv_freq)
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
            $"SwiGLU hidden {spec.FfnHidden}, {LlamaEmitter.Rope(spec)} up to {spec.MaxSeqLen} tokens{(spec.TieEmbeddings ? ", LM head tied to the token embedding" : "")}.",
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
                    $"self.self_attn = LlamaAttention(dim={d}, heads={spec.Heads}, kv_heads={spec.KvHeadCount}, theta={Literals.Double(spec.RopeTheta)}{Scaling(spec)})",
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
            string[] head = spec.TieEmbeddings
                ? ["# Tied (tie_word_embeddings): the LM head is the token embedding matrix, so there is no lm_head.weight."]
                : [$"self.lm_head = normal_init(nn.Linear({d}, {spec.VocabSize}, bias=False))"];
            pieces.Module(className, [$"Tokens (B, T) int64, T at most {spec.MaxSeqLen}, to next-token logits (B, T, {spec.VocabSize}); keys as LlamaForCausalLM."],
                "",
                ["self.model = Decoder()", .. head],
                "tokens",
                [spec.TieEmbeddings
                    ? "return F.linear(self.model(tokens), self.model.embed_tokens.weight)"
                    : "return self.lm_head(self.model(tokens))"]);
        });
    }

    /// <summary>The attention's scaling argument: Llama 3.1's four values as a tuple, or nothing when scaling is off.</summary>
    private static string Scaling(LlamaSpec spec) => spec.RopeScaling is { } s
        ? $", scaling=({Literals.Double(s.Factor)}, {Literals.Double(s.LowFreqFactor)}, {Literals.Double(s.HighFreqFactor)}, {s.OriginalMaxPositions})"
        : "";
}
