"""The parity cases: a small configuration per family and norm, with the inputs each model takes.

Every configuration here is mirrored by a [Transformer]/[ConvNet] declaration in tests/Runtime.Tests/Parity/ParityModels.cs;
change both together.
"""
import torch

from convnext import ConvNeXt
from dit import DiT
from llama import LlamaForCausalLM
from resnet import ResNet
from vit import VisionTransformer

VIT = dict(image=28, patch=7, in_chans=1, classes=10, dim=32, depth=2, heads=4)
LLAMA = dict(vocab=64, dim=32, depth=2, heads=4, kv_heads=2, ffn=48)
# Llama 3: base 500000, llama3 scaling and tied embeddings. With head dimension 8 the wavelengths are 6.3, 167, 4443
# and 118,000 positions; original 256 with factors 1 and 4 puts the first below 64 (kept), the second between 64 and
# 256 (interpolated) and the last two above 256 (divided by 8), so every branch of the formula is exercised, and at
# 12 positions the scaled angles differ from unscaled ones by far more than the tolerance.
LLAMA3 = dict(LLAMA, theta=500000.0, scaling=(8.0, 1.0, 4.0, 256), tie=True, eps=1e-6)
DIT = dict(image=8, patch=2, in_chans=4, classes=10, dim=32, depth=2, heads=4, learn_sigma=True)
CONVNEXT = dict(in_chans=3, classes=10, depths=[1, 1, 1, 1], dims=[8, 16, 24, 32])
RESNET = dict(in_chans=3, classes=10, depths=[1, 1])


def _images(generator, channels, side):
    return {"input": torch.randn(2, channels, side, side, generator=generator)}


def _tokens(generator, length=7):
    return {"input": torch.randint(0, LLAMA["vocab"], (2, length), generator=generator)}


def _dit_inputs(generator):
    return {
        "input": torch.randn(2, DIT["in_chans"], DIT["image"], DIT["image"], generator=generator),
        "timesteps": torch.tensor([3.0, 517.0]),
        "labels": torch.tensor([4, DIT["classes"]]),  # the second is the classifier-free-guidance null class
    }


# name -> (constructor, inputs(generator), whether the fixture carries gradients)
# The ResNet weights are stored as float16 (see HALF_WEIGHTS): it halves the largest fixtures and makes the parity
# tests load a half-precision checkpoint into a float32 model, as users do with published checkpoints.
CASES = {
    "vit_layernorm": (lambda: VisionTransformer(**VIT, norm="layernorm"), lambda g: _images(g, 1, 28), False),
    "vit_dyt": (lambda: VisionTransformer(**VIT, norm="dyt"), lambda g: _images(g, 1, 28), True),
    "llama_rmsnorm": (lambda: LlamaForCausalLM(**LLAMA, norm="rmsnorm"), _tokens, False),
    "llama_dyt": (lambda: LlamaForCausalLM(**LLAMA, norm="dyt"), _tokens, True),
    "dit_layernorm": (lambda: DiT(**DIT, norm="layernorm"), _dit_inputs, False),
    "dit_dyt": (lambda: DiT(**DIT, norm="dyt"), _dit_inputs, True),
    "convnext_layernorm": (lambda: ConvNeXt(**CONVNEXT, norm="layernorm"), lambda g: _images(g, 3, 32), False),
    "convnext_dyt": (lambda: ConvNeXt(**CONVNEXT, norm="dyt"), lambda g: _images(g, 3, 32), True),
    "resnet_batchnorm": (lambda: ResNet(**RESNET, norm="batchnorm"), lambda g: _images(g, 3, 32), False),
    "resnet_dyt": (lambda: ResNet(**RESNET, norm="dyt"), lambda g: _images(g, 3, 32), True),
    "llama3_rmsnorm": (lambda: LlamaForCausalLM(**LLAMA3, norm="rmsnorm"), lambda g: _tokens(g, 12), False),
    "llama3_dyt": (lambda: LlamaForCausalLM(**LLAMA3, norm="dyt"), lambda g: _tokens(g, 12), True),
}

HALF_WEIGHTS = {"resnet_batchnorm", "resnet_dyt"}
