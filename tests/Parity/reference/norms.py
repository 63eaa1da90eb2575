"""The norm layers the families use, written from the papers and the official dynamic_tanh.py semantics."""
import torch
from torch import nn


class DynamicTanh(nn.Module):
    """weight * tanh(alpha * x) + bias; channels_last=False applies weight and bias over dim 1 of (B, C, H, W)."""

    def __init__(self, channels, alpha_init=0.5, channels_last=True, affine=True, bias=True):
        super().__init__()
        self.channels_last = channels_last
        self.alpha = nn.Parameter(torch.full((1,), float(alpha_init)))
        self.weight = nn.Parameter(torch.ones(channels)) if affine else None
        self.bias = nn.Parameter(torch.zeros(channels)) if affine and bias else None

    def forward(self, x):
        x = torch.tanh(self.alpha * x)
        if self.weight is None:
            return x
        shape = (-1,) if self.channels_last else (-1, 1, 1)
        x = x * self.weight.view(shape)
        return x if self.bias is None else x + self.bias.view(shape)


class RmsNorm(nn.Module):
    """LLaMA's RMSNorm: weight * x / sqrt(mean(x^2) + eps) over the last dimension."""

    def __init__(self, channels, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(channels))

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of (B, C, H, W), as timm's ConvNeXt stem, downsampling and head norm."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


def token_norm(kind, channels, eps, alpha=0.5):
    """The norm over the last dimension: LayerNorm (the normalized variant) or DyT."""
    return nn.LayerNorm(channels, eps=eps) if kind == "layernorm" else DynamicTanh(channels, alpha)


def image_norm(kind, channels, eps, alpha=0.5):
    """The norm over dim 1 of (B, C, H, W): LayerNorm2d or channels-first DyT."""
    return LayerNorm2d(channels, eps=eps) if kind == "layernorm" else DynamicTanh(channels, alpha, channels_last=False)
