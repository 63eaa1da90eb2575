"""Moves every parameter and buffer away from its initial value, so a key loaded into the wrong place, or not
used by the forward at all, changes the output. Initial values (ones, zeros, 1e-6 layer scales, zero-initialised
adaLN) would hide exactly those mistakes."""
import torch
from torch import nn

from norms import DynamicTanh, RmsNorm

_NORMS = (nn.LayerNorm, nn.BatchNorm2d, RmsNorm, DynamicTanh)


@torch.no_grad()
def randomize(model, generator):
    def uniform(t, low, high):
        t.copy_(torch.rand(t.shape, generator=generator) * (high - low) + low)

    for module_name, module in model.named_modules():
        for name, p in list(module.named_parameters(recurse=False)) + list(module.named_buffers(recurse=False)):
            key = f"{module_name}.{name}".lstrip(".")
            if name == "alpha":
                uniform(p, 0.4, 1.2)
            elif name == "embed_scale":
                p.mul_(torch.rand(1, generator=generator).item() * 0.4 + 0.8)
            elif name == "gamma":
                uniform(p, 0.2, 0.6)
            elif key in ("pos_embed", "cls_token") and p.requires_grad:
                p.copy_(torch.randn(p.shape, generator=generator) * 0.1)
            elif isinstance(module, _NORMS) and name == "weight":
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=generator))
            elif isinstance(module, _NORMS) and name == "bias":
                p.copy_(0.1 * torch.randn(p.shape, generator=generator))
            elif name == "running_mean":
                p.copy_(0.1 * torch.randn(p.shape, generator=generator))
            elif name == "running_var":
                uniform(p, 0.5, 1.5)
            elif name == "num_batches_tracked":
                p.fill_(7)
            elif p.dtype.is_floating_point and p.requires_grad:
                # Linear, conv and embedding weights: redraw with the scale PyTorch's default init gives them.
                fan_in = p[0].numel() if p.dim() > 1 else p.numel()
                uniform(p, -fan_in ** -0.5, fan_in ** -0.5)
