"""Checks the reference implementations' structure against published parameter counts (with LayerNorm/RMSNorm/
BatchNorm), so the fixtures come from models shaped like timm's, Hugging Face's and facebookresearch's.

Run from this folder: python3 check_counts.py   (DiT-XL/2 takes about 3 GB of memory for a few seconds)
"""
from convnext import ConvNeXt
from dit import DiT
from llama import LlamaDecoderLayer, LlamaForCausalLM
from resnet import ResNet
from vit import VisionTransformer


def count(model):
    return sum(p.numel() for p in model.parameters())


def llama2_7b():
    """LLaMA-2-7B has 32 identical layers: count one at full width and the rest of the model with no layers."""
    layer = LlamaDecoderLayer(4096, 32, 32, 11008, "rmsnorm", 1e-5, 0, 0, 10000.0)
    rest = LlamaForCausalLM(32000, 4096, 0, 32, 32, 11008, norm="rmsnorm")
    return 32 * count(layer) + count(rest)


CHECKS = [
    ("timm vit_small_patch16_224", lambda: count(VisionTransformer(224, 16, 3, 1000, 384, 12, 6, norm="layernorm")), 22_050_664),
    ("timm vit_base_patch16_224", lambda: count(VisionTransformer(224, 16, 3, 1000, 768, 12, 12, norm="layernorm")), 86_567_656),
    ("timm convnext_tiny", lambda: count(ConvNeXt(3, 1000, [3, 3, 9, 3], [96, 192, 384, 768], norm="layernorm")), 28_589_128),
    ("timm resnet50", lambda: count(ResNet(3, 1000, [3, 4, 6, 3])), 25_557_032),
    ("LLaMA-2-7B", llama2_7b, 6_738_415_616),
    ("DiT-XL/2", lambda: count(DiT(32, 2, 4, 1000, 1152, 28, 16, norm="layernorm")), 675_129_632),
]

if __name__ == "__main__":
    failed = 0
    for name, measure, published in CHECKS:
        got = measure()
        failed += got != published
        print(f"{'ok  ' if got == published else 'FAIL'} {name:28s} {got:>15,d}  published {published:>15,d}")
    raise SystemExit(1 if failed else 0)
