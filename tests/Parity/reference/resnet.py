"""Bottleneck ResNet with timm's resnet structure and keys (conv1/bn1 stem, max pool, layer1..N, fc).
The DyT variant puts channels-first DyT where BatchNorm was (the placement the paper shows to fail)."""
import torch
from torch import nn
import torch.nn.functional as F

from norms import DynamicTanh


def image_norm(kind, channels, alpha):
    return nn.BatchNorm2d(channels) if kind == "batchnorm" else DynamicTanh(channels, alpha, channels_last=False)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, in_ch, planes, stride, norm, alpha):
        super().__init__()
        out = planes * self.expansion
        self.conv1 = nn.Conv2d(in_ch, planes, 1, bias=False)
        self.bn1 = image_norm(norm, planes, alpha)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = image_norm(norm, planes, alpha)
        self.conv3 = nn.Conv2d(planes, out, 1, bias=False)
        self.bn3 = image_norm(norm, out, alpha)
        if stride != 1 or in_ch != out:
            self.downsample = nn.Sequential(nn.Conv2d(in_ch, out, 1, stride=stride, bias=False), image_norm(norm, out, alpha))

    def forward(self, x):
        shortcut = self.downsample(x) if hasattr(self, "downsample") else x
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        return F.relu(self.bn3(self.conv3(y)) + shortcut)


class ResNet(nn.Module):
    def __init__(self, in_chans, classes, depths, norm="batchnorm", alpha=0.5, base=64):
        super().__init__()
        self.conv1 = nn.Conv2d(in_chans, base, 7, stride=2, padding=3, bias=False)
        self.bn1 = image_norm(norm, base, alpha)
        in_ch = base
        for i, depth in enumerate(depths):
            planes = base * 2 ** i
            blocks = [Bottleneck(in_ch if j == 0 else planes * 4, planes, 2 if i > 0 and j == 0 else 1, norm, alpha)
                      for j in range(depth)]
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
            in_ch = planes * 4
        self.depth = len(depths)
        self.fc = nn.Linear(in_ch, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, stride=2, padding=1)
        for i in range(self.depth):
            x = getattr(self, f"layer{i + 1}")(x)
        return self.fc(x.mean((2, 3)))
