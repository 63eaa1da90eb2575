"""LLaMA decoder with Hugging Face LlamaForCausalLM's structure and keys; the DyT variant follows the paper's
recipe: DyT without bias, separate alphas for attention / FFN / final norms, a learnable scalar model.embed_scale.
LLaMA 3: any rotary base, Llama 3.1's rope_scaling (rope_type "llama3") and tied embeddings (no lm_head.weight)."""
import math

import torch
from torch import nn
import torch.nn.functional as F

from norms import DynamicTanh, RmsNorm


def rotate_half(x):
    first, second = x.chunk(2, dim=-1)
    return torch.cat([-second, first], dim=-1)


def llama3_inv_freq(inv_freq, scaling):
    """Llama 3.1's frequency rescaling, from Meta's description in the Llama 3 release and transformers'
    rope_scaling fields: each frequency's wavelength 2 pi / f is compared with original / low_freq_factor (longer
    wavelengths: f / factor) and original / high_freq_factor (shorter: f kept); in between, f is interpolated
    linearly in original / wavelength between the two factors."""
    factor, low, high, original = scaling
    low_wavelength, high_wavelength = original / low, original / high
    out = []
    for f in inv_freq.tolist():
        wavelength = 2 * math.pi / f
        if wavelength < high_wavelength:
            out.append(f)
        elif wavelength > low_wavelength:
            out.append(f / factor)
        else:
            smooth = (original / wavelength - low) / (high - low)
            out.append((1 - smooth) * f / factor + smooth * f)
    return torch.tensor(out, dtype=inv_freq.dtype)


def inverse_frequencies(head_dim, theta, scaling=None, dtype=torch.float64):
    inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=dtype) / head_dim)
    return inv_freq if scaling is None else llama3_inv_freq(inv_freq, scaling)


def rope(positions, head_dim, theta, dtype, scaling=None):
    """Hugging Face's non-interleaved rotary tables: frequencies repeated over both halves of a head."""
    inv_freq = inverse_frequencies(head_dim, theta, scaling)
    angles = torch.outer(positions.to(torch.float64), inv_freq)
    angles = torch.cat([angles, angles], dim=-1)
    return angles.cos().to(dtype), angles.sin().to(dtype)


class LlamaAttention(nn.Module):
    def __init__(self, dim, heads, kv_heads, theta, scaling=None):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim, self.theta, self.scaling = heads, kv_heads, dim // heads, theta, scaling
        self.q_proj = nn.Linear(dim, heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(heads * self.head_dim, dim, bias=False)

    def forward(self, x):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = rope(torch.arange(t), self.head_dim, self.theta, x.dtype, self.scaling)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        group = self.heads // self.kv_heads
        k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(self.head_dim)
        causal = torch.ones(t, t, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(causal, float("-inf"))
        out = scores.softmax(-1) @ v
        return self.o_proj(out.transpose(1, 2).reshape(b, t, -1))


class LlamaMlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.gate_proj = nn.Linear(dim, hidden, bias=False)
        self.up_proj = nn.Linear(dim, hidden, bias=False)
        self.down_proj = nn.Linear(hidden, dim, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


def llama_norm(kind, dim, eps, alpha):
    return RmsNorm(dim, eps) if kind == "rmsnorm" else DynamicTanh(dim, alpha, bias=False)


class LlamaDecoderLayer(nn.Module):
    def __init__(self, dim, heads, kv_heads, ffn, norm, eps, alpha_attn, alpha_ffn, theta, scaling):
        super().__init__()
        self.self_attn = LlamaAttention(dim, heads, kv_heads, theta, scaling)
        self.mlp = LlamaMlp(dim, ffn)
        self.input_layernorm = llama_norm(norm, dim, eps, alpha_attn)
        self.post_attention_layernorm = llama_norm(norm, dim, eps, alpha_ffn)

    def forward(self, x):
        x = x + self.self_attn(self.input_layernorm(x))
        return x + self.mlp(self.post_attention_layernorm(x))


class LlamaModel(nn.Module):
    def __init__(self, vocab, dim, depth, heads, kv_heads, ffn, norm, eps, alphas, theta, scaling):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        if norm == "dyt":
            self.embed_scale = nn.Parameter(torch.full((1,), math.sqrt(dim)))
        self.layers = nn.ModuleList(
            [LlamaDecoderLayer(dim, heads, kv_heads, ffn, norm, eps, alphas[0], alphas[1], theta, scaling) for _ in range(depth)])
        self.norm = llama_norm(norm, dim, eps, alphas[2])

    def forward(self, tokens):
        x = self.embed_tokens(tokens)
        if hasattr(self, "embed_scale"):
            x = x * self.embed_scale
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


class LlamaForCausalLM(nn.Module):
    """scaling: (factor, low_freq_factor, high_freq_factor, original_max_position_embeddings) or None. tie: the head
    multiplies by model.embed_tokens.weight and owns no weight, so the state dict has no lm_head.weight."""

    def __init__(self, vocab, dim, depth, heads, kv_heads, ffn, norm="dyt", eps=1e-5, alphas=(0.8, 0.2, 0.2), theta=10000.0,
                 scaling=None, tie=False):
        super().__init__()
        self.model = LlamaModel(vocab, dim, depth, heads, kv_heads, ffn, norm, eps, alphas, theta, scaling)
        if not tie:
            self.lm_head = nn.Linear(dim, vocab, bias=False)

    def forward(self, tokens):
        hidden = self.model(tokens)
        if hasattr(self, "lm_head"):
            return self.lm_head(hidden)
        return F.linear(hidden, self.model.embed_tokens.weight)
