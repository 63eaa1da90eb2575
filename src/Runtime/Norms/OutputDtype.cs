using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// Every norm returns its input's dtype, whatever its parameters' dtype: a float16 or bfloat16 activation through a norm
/// kept in float32 comes out float16 or bfloat16. This is what TorchSharp's (libtorch's) LayerNorm does, and the norms
/// are interchangeable at compile time (<c>NormKind</c>), so switching LayerNorm for DyT, Derf or RMSNorm must not
/// change the dtypes that flow through a model (a float32 activation would not even reach the next float16 Linear).
/// PyTorch's type promotion alone would give float32 for the unfused chains, because alpha and the weights are
/// tensors of one or more dimensions; the chains therefore compute in the promoted dtype and round once at the end,
/// as the fused kernels do (float32 arithmetic, one rounding to the input's dtype).
/// </summary>
internal static class OutputDtype
{
    /// <summary><paramref name="result"/> in <paramref name="input"/>'s dtype (the same tensor when it already is).</summary>
    public static Tensor Like(Tensor result, Tensor input)
    {
        if (result.dtype == input.dtype) return result;
        using (result) return result.to(input.dtype);
    }
}
