"""DiT with facebookresearch/DiT's structure and keys: patchify, timestep and label embedders, adaLN-Zero blocks,
final layer, unpatchify. With DyT the pre-modulation norms are tanh(alpha x) without affine, as the paper's DiT."""
import math

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

from norms import DynamicTanh
from vit import Attention, Mlp, PatchEmbed


def modulate(x, shift, scale):
    return x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1)


def plain_norm(kind, dim, alpha):
    return nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6) if kind == "layernorm" else DynamicTanh(dim, alpha, affine=False)


def sincos_1d(dim, positions):
    omega = 1.0 / 10000 ** (np.arange(dim // 2, dtype=np.float64) / (dim / 2.0))
    angles = np.outer(positions.reshape(-1), omega)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)


def sincos_2d(dim, grid):
    """Fixed 2-D position table: the first half of the channels encodes the column, the second half the row."""
    rows, cols = np.meshgrid(np.arange(grid, dtype=np.float32), np.arange(grid, dtype=np.float32), indexing="ij")
    return np.concatenate([sincos_1d(dim // 2, cols), sincos_1d(dim // 2, rows)], axis=1)


class TimestepEmbedder(nn.Module):
    def __init__(self, dim, frequencies=256):
        super().__init__()
        self.frequencies = frequencies
        self.mlp = nn.Sequential(nn.Linear(frequencies, dim), nn.SiLU(), nn.Linear(dim, dim))

    def forward(self, t):
        half = self.frequencies // 2
        freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half).to(t.dtype)
        args = t[:, None] * freqs[None]
        return self.mlp(torch.cat([torch.cos(args), torch.sin(args)], dim=-1))


class LabelEmbedder(nn.Module):
    def __init__(self, classes, dim):
        super().__init__()
        self.embedding_table = nn.Embedding(classes + 1, dim)  # the extra row is the classifier-free-guidance null class

    def forward(self, labels):
        return self.embedding_table(labels)


class DiTBlock(nn.Module):
    def __init__(self, dim, heads, mlp_ratio, norm, alpha):
        super().__init__()
        self.norm1 = plain_norm(norm, dim, alpha)
        self.attn = Attention(dim, heads)
        self.norm2 = plain_norm(norm, dim, alpha)
        self.mlp = Mlp(dim, int(dim * mlp_ratio), approximate="tanh")
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(dim, 6 * dim))

    def forward(self, x, c):
        shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = self.adaLN_modulation(c).chunk(6, dim=1)
        x = x + gate_msa.unsqueeze(1) * self.attn(modulate(self.norm1(x), shift_msa, scale_msa))
        return x + gate_mlp.unsqueeze(1) * self.mlp(modulate(self.norm2(x), shift_mlp, scale_mlp))


class FinalLayer(nn.Module):
    def __init__(self, dim, patch, out_channels, norm, alpha):
        super().__init__()
        self.norm_final = plain_norm(norm, dim, alpha)
        self.linear = nn.Linear(dim, patch * patch * out_channels)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(dim, 2 * dim))

    def forward(self, x, c):
        shift, scale = self.adaLN_modulation(c).chunk(2, dim=1)
        return self.linear(modulate(self.norm_final(x), shift, scale))


class DiT(nn.Module):
    def __init__(self, image, patch, in_chans, classes, dim, depth, heads, mlp_ratio=4.0, learn_sigma=True, norm="dyt", alpha=0.5):
        super().__init__()
        self.patch, self.out_channels = patch, in_chans * 2 if learn_sigma else in_chans
        self.x_embedder = PatchEmbed(in_chans, dim, patch)
        self.t_embedder = TimestepEmbedder(dim)
        self.y_embedder = LabelEmbedder(classes, dim)
        table = torch.from_numpy(sincos_2d(dim, image // patch)).float().unsqueeze(0)
        self.pos_embed = nn.Parameter(table, requires_grad=False)
        self.blocks = nn.ModuleList([DiTBlock(dim, heads, mlp_ratio, norm, alpha) for _ in range(depth)])
        self.final_layer = FinalLayer(dim, patch, self.out_channels, norm, alpha)

    def unpatchify(self, x):
        n, tokens, _ = x.shape
        side, p, c = int(tokens ** 0.5), self.patch, self.out_channels
        x = x.reshape(n, side, side, p, p, c).permute(0, 5, 1, 3, 2, 4)
        return x.reshape(n, c, side * p, side * p)

    def forward(self, x, t, y):
        x = self.x_embedder(x) + self.pos_embed
        c = self.t_embedder(t) + self.y_embedder(y)
        for block in self.blocks:
            x = block(x, c)
        return self.unpatchify(self.final_layer(x, c))
