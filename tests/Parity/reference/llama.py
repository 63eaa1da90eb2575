"""LLaMA 2 decoder with Hugging Face LlamaForCausalLM's structure and keys; the DyT variant follows the paper's
recipe: DyT without bias, separate alphas for attention / FFN / final norms, a learnable scalar model.embed_scale."""
import math

import torch
from torch import nn
import torch.nn.functional as F

from norms import DynamicTanh, RmsNorm


def rotate_half(x):
    first, second = x.chunk(2, dim=-1)
    return torch.cat([-second, first], dim=-1)


def rope(positions, head_dim, theta, dtype):
    """Hugging Face's non-interleaved rotary tables: frequencies repeated over both halves of a head."""
    inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    angles = torch.outer(positions.to(torch.float64), inv_freq)
    angles = torch.cat([angles, angles], dim=-1)
    return angles.cos().to(dtype), angles.sin().to(dtype)


class LlamaAttention(nn.Module):
    def __init__(self, dim, heads, kv_heads, theta):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim, self.theta = heads, kv_heads, dim // heads, theta
        self.q_proj = nn.Linear(dim, heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(heads * self.head_dim, dim, bias=False)

    def forward(self, x):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = rope(torch.arange(t), self.head_dim, self.theta, x.dtype)
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
    def __init__(self, dim, heads, kv_heads, ffn, norm, eps, alpha_attn, alpha_ffn, theta):
        super().__init__()
        self.self_attn = LlamaAttention(dim, heads, kv_heads, theta)
        self.mlp = LlamaMlp(dim, ffn)
        self.input_layernorm = llama_norm(norm, dim, eps, alpha_attn)
        self.post_attention_layernorm = llama_norm(norm, dim, eps, alpha_ffn)

    def forward(self, x):
        x = x + self.self_attn(self.input_layernorm(x))
        return x + self.mlp(self.post_attention_layernorm(x))


class LlamaModel(nn.Module):
    def __init__(self, vocab, dim, depth, heads, kv_heads, ffn, norm, eps, alphas, theta):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        if norm == "dyt":
            self.embed_scale = nn.Parameter(torch.full((1,), math.sqrt(dim)))
        self.layers = nn.ModuleList(
            [LlamaDecoderLayer(dim, heads, kv_heads, ffn, norm, eps, alphas[0], alphas[1], theta) for _ in range(depth)])
        self.norm = llama_norm(norm, dim, eps, alphas[2])

    def forward(self, tokens):
        x = self.embed_tokens(tokens)
        if hasattr(self, "embed_scale"):
            x = x * self.embed_scale
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


class LlamaForCausalLM(nn.Module):
    def __init__(self, vocab, dim, depth, heads, kv_heads, ffn, norm="dyt", eps=1e-5, alphas=(0.8, 0.2, 0.2), theta=10000.0):
        super().__init__()
        self.model = LlamaModel(vocab, dim, depth, heads, kv_heads, ffn, norm, eps, alphas, theta)
        self.lm_head = nn.Linear(dim, vocab, bias=False)

    def forward(self, tokens):
        return self.lm_head(self.model(tokens))
