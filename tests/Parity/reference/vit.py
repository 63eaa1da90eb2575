"""Vision Transformer with timm's VisionTransformer structure and state-dict keys (class-token pooling)."""
import torch
from torch import nn
import torch.nn.functional as F

from norms import token_norm


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        weights = (q @ k.transpose(-2, -1)) * (c // self.heads) ** -0.5
        return self.proj((weights.softmax(-1) @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden, approximate="none"):
        super().__init__()
        self.approximate = approximate
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate=self.approximate))


class PatchEmbed(nn.Module):
    def __init__(self, in_chans, dim, patch):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, dim, patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_hidden, norm, alpha):
        super().__init__()
        self.norm1 = token_norm(norm, dim, 1e-6, alpha)
        self.attn = Attention(dim, heads)
        self.norm2 = token_norm(norm, dim, 1e-6, alpha)
        self.mlp = Mlp(dim, mlp_hidden)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, image, patch, in_chans, classes, dim, depth, heads, mlp_ratio=4.0, norm="dyt", alpha=0.5):
        super().__init__()
        tokens = (image // patch) ** 2 + 1
        self.patch_embed = PatchEmbed(in_chans, dim, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens, dim))
        self.blocks = nn.ModuleList([Block(dim, heads, int(dim * mlp_ratio), norm, alpha) for _ in range(depth)])
        self.norm = token_norm(norm, dim, 1e-6, alpha)
        self.head = nn.Linear(dim, classes)

    def forward(self, images):
        x = self.patch_embed(images)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])
