"""ConvNeXt with timm's convnext structure and keys (stem, stages with downsample and blocks, NormMlp head).
DyT replaces every LayerNorm: channels-last in the blocks, channels-first for the 2-D stem, downsample and head norms."""
import torch
from torch import nn
import torch.nn.functional as F

from norms import image_norm, token_norm


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class ConvNeXtBlock(nn.Module):
    def __init__(self, dim, norm, alpha, layer_scale):
        super().__init__()
        self.conv_dw = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = token_norm(norm, dim, 1e-6, alpha)
        self.mlp = Mlp(dim, 4 * dim)
        self.gamma = nn.Parameter(torch.full((dim,), layer_scale))

    def forward(self, x):
        y = self.conv_dw(x).permute(0, 2, 3, 1)
        y = self.mlp(self.norm(y)).permute(0, 3, 1, 2)
        return x + y * self.gamma.view(1, -1, 1, 1)


class ConvNeXtStage(nn.Module):
    def __init__(self, in_dim, dim, depth, first, norm, alpha, layer_scale):
        super().__init__()
        if not first:  # stage 0 keeps the stem's resolution and has no downsample (timm: Identity, no keys)
            self.downsample = nn.Sequential(image_norm(norm, in_dim, 1e-6, alpha), nn.Conv2d(in_dim, dim, 2, stride=2))
        self.blocks = nn.Sequential(*[ConvNeXtBlock(dim, norm, alpha, layer_scale) for _ in range(depth)])

    def forward(self, x):
        if hasattr(self, "downsample"):
            x = self.downsample(x)
        return self.blocks(x)


class Head(nn.Module):
    def __init__(self, dim, classes, norm, alpha):
        super().__init__()
        self.norm = image_norm(norm, dim, 1e-6, alpha)
        self.fc = nn.Linear(dim, classes)

    def forward(self, x):
        return self.fc(self.norm(x.mean((2, 3), keepdim=True)).flatten(1))


class ConvNeXt(nn.Module):
    def __init__(self, in_chans, classes, depths, dims, norm="dyt", alpha=0.5, layer_scale=1e-6):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(in_chans, dims[0], 4, stride=4), image_norm(norm, dims[0], 1e-6, alpha))
        self.stages = nn.Sequential(*[
            ConvNeXtStage(dims[max(i - 1, 0)], dims[i], depths[i], i == 0, norm, alpha, layer_scale) for i in range(len(dims))])
        self.head = Head(dims[-1], classes, norm, alpha)

    def forward(self, x):
        return self.head(self.stages(self.stem(x)))
