namespace DyT.Generators.Emit.Twin;

/// <summary>
/// The fixed pieces of Python the twins share: attention, initializers and the norm layers. Each mirrors a runtime
/// type of the C# model (named in its docstring), so that the two forwards compute the same thing op for op.
/// </summary>
internal static class PythonParts
{
    public const string Imports = """"
        import math

        import torch
        from torch import nn
        import torch.nn.functional as F
        """";

    public const string Attend = """"
        def attend(q, k, v, causal=False):
            """Scaled dot-product attention over (B, heads, T, head_dim): PyTorch's fused kernel where it has one (2.0+)."""
            if hasattr(F, "scaled_dot_product_attention"):
                return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
            scores = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
            if causal:
                t = q.shape[-2]
                scores = scores.masked_fill(torch.ones(t, t, dtype=torch.bool, device=q.device).triu(1), float("-inf"))
            return scores.softmax(-1) @ v
        """";

    public const string TruncNormalInit = """"
        def trunc_normal_init(layer, std=0.02):
            """Weight normal with the given std, redrawn beyond two std; bias zero (C#: WeightInit.TruncNormalLinear/Conv)."""
            nn.init.trunc_normal_(layer.weight, std=std, a=-2 * std, b=2 * std)
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)
            return layer
        """";

    public const string NormalInit = """"
        def normal_init(layer, std=0.02):
            """Weight normal with the given std; bias zero (C#: WeightInit.NormalLinear, as Hugging Face's Llama and DiT)."""
            nn.init.normal_(layer.weight, std=std)
            if getattr(layer, "bias", None) is not None:
                nn.init.zeros_(layer.bias)
            return layer
        """";

    public const string XavierInit = """"
        def xavier_init(layer):
            """Weight xavier-uniform as the matrix (out, everything else) it is; bias zero (C#: WeightInit.XavierLinear)."""
            nn.init.xavier_uniform_(layer.weight.view(layer.weight.shape[0], -1))
            nn.init.zeros_(layer.bias)
            return layer
        """";

    public const string ZeroInit = """"
        def zero_init(layer):
            """adaLN-Zero: weight and bias zero, so the layer outputs zeros until trained (C#: WeightInit.ZeroLinear)."""
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)
            return layer
        """";

    public const string KaimingInit = """"
        def kaiming_fan_out(conv):
            """timm's ResNet init: Kaiming normal over fan-out with ReLU's gain (C#: WeightInit.KaimingFanOut)."""
            nn.init.kaiming_normal_(conv.weight, mode="fan_out", nonlinearity="relu")
            return conv


        def zero_weight(norm):
            """timm's zero_init_last: the norm's weight at zero, so the block starts as its shortcut (C#: WeightInit.ZeroWeight)."""
            if getattr(norm, "weight", None) is not None:
                nn.init.zeros_(norm.weight)
        """";

    public const string DynamicTanh = """"
        class DynamicTanh(nn.Module):
            """DyT, weight * tanh(alpha * x) + bias (Zhu et al., 2025), keys as the official dynamic_tanh.py (C#: DyT.Norms.DynamicTanh).

            channels_last=False applies weight and bias over dim 1 of (B, C, H, W); affine=False is tanh(alpha * x) alone
            (DiT); bias=False keeps the weight only (LLaMA).
            """

            def __init__(self, channels, alpha_init, channels_last=True, affine=True, bias=True):
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
        """";

    public const string Derf = """"
        class Derf(nn.Module):
            """Derf, weight * erf(alpha * x + shift) + bias (Chen et al., 2025; C#: DyT.Norms.Derf); options as DynamicTanh."""

            def __init__(self, channels, alpha_init, channels_last=True, affine=True, bias=True):
                super().__init__()
                self.channels_last = channels_last
                self.alpha = nn.Parameter(torch.full((1,), float(alpha_init)))
                self.shift = nn.Parameter(torch.zeros(1))
                self.weight = nn.Parameter(torch.ones(channels)) if affine else None
                self.bias = nn.Parameter(torch.zeros(channels)) if affine and bias else None

            def forward(self, x):
                x = torch.erf(self.alpha * x + self.shift)
                if self.weight is None:
                    return x
                shape = (-1,) if self.channels_last else (-1, 1, 1)
                x = x * self.weight.view(shape)
                return x if self.bias is None else x + self.bias.view(shape)
        """";

    public const string RmsNorm = """"
        class RMSNorm(nn.Module):
            """weight * x / sqrt(mean(x^2) + eps) over the channels, half inputs in float32 (C#: DyT.Norms.RmsNorm, DyT.Blocks.RmsNorm2d)."""

            def __init__(self, channels, eps, channels_last=True):
                super().__init__()
                self.eps = eps
                self.channels_last = channels_last
                self.weight = nn.Parameter(torch.ones(channels))

            def forward(self, x):
                dim, shape = (-1, (-1,)) if self.channels_last else (1, (-1, 1, 1))
                wide = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
                normalized = wide * torch.rsqrt(wide.pow(2).mean(dim, keepdim=True) + self.eps)
                return normalized.to(x.dtype) * self.weight.view(shape)
        """";

    public const string LayerNorm2d = """"
        class LayerNorm2d(nn.LayerNorm):
            """LayerNorm over the channels of (B, C, H, W), as timm's LayerNorm2d (C#: DyT.Blocks.LayerNorm2d)."""

            def forward(self, x):
                return F.layer_norm(x.permute(0, 2, 3, 1), self.normalized_shape, self.weight, self.bias, self.eps).permute(0, 3, 1, 2)
        """";

    public const string Mlp = """"
        class Mlp(nn.Module):
            """timm's MLP, fc2(gelu(fc1(x))), weights truncated normal (C#: DyT.Blocks.Mlp)."""

            def __init__(self, dim, hidden, approximate="none"):
                super().__init__()
                self.approximate = approximate
                self.fc1 = trunc_normal_init(nn.Linear(dim, hidden))
                self.fc2 = trunc_normal_init(nn.Linear(hidden, dim))

            def forward(self, x):
                return self.fc2(F.gelu(self.fc1(x), approximate=self.approximate))
        """";

    public const string Attention = """"
        class Attention(nn.Module):
            """Multi-head self-attention as timm's ViT: fused qkv, then proj (C#: DyT.Blocks.Attention)."""

            def __init__(self, dim, heads):
                super().__init__()
                self.heads = heads
                self.qkv = trunc_normal_init(nn.Linear(dim, dim * 3))
                self.proj = trunc_normal_init(nn.Linear(dim, dim))

            def forward(self, x):
                b, n, c = x.shape
                q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
                return self.proj(attend(q, k, v).transpose(1, 2).reshape(b, n, c))
        """";

    public const string PatchEmbed = """"
        class PatchEmbed(nn.Module):
            """Square patches projected to tokens by a strided convolution, key proj (C#: DyT.Blocks.PatchEmbed)."""

            def __init__(self, in_chans, dim, patch, image):
                super().__init__()
                self.in_chans, self.image = in_chans, image
                self.proj = nn.Conv2d(in_chans, dim, patch, stride=patch)

            def forward(self, images):
                if images.dim() != 4 or tuple(images.shape[1:]) != (self.in_chans, self.image, self.image):
                    raise ValueError(f"PatchEmbed expects images of shape (B, {self.in_chans}, {self.image}, {self.image}); got {tuple(images.shape)}")
                return self.proj(images).flatten(2).transpose(1, 2)
        """";
}
