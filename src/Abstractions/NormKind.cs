namespace DyT;

/// <summary>The normalization layer a generated model uses, fixed at compile time.</summary>
public enum NormKind
{
    /// <summary>LayerNorm: <c>weight * (x - mean) / sqrt(var + eps) + bias</c> per token (TorchSharp's <c>nn.LayerNorm</c>).</summary>
    LayerNorm = 0,

    /// <summary>RMSNorm: <c>weight * x / sqrt(mean(x^2) + eps)</c> per token (Zhang and Sennrich, 2019).</summary>
    RMSNorm = 1,

    /// <summary>Dynamic Tanh: <c>weight * tanh(alpha * x) + bias</c>, element-wise, no statistics (Zhu et al., 2025).</summary>
    DyT = 2,

    /// <summary>Dynamic erf: <c>weight * erf(alpha * x + shift) + bias</c>, element-wise (Chen et al., 2025).</summary>
    Derf = 3,
}
