using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inspection;

// Small ViTs declared as users declare them: the generated forward runs each norm with call(), so probes see it.

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    MlpRatio = 2.0, Norm = NormKind.LayerNorm)]
public partial class ProbeVitLayerNorm { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    MlpRatio = 2.0, Norm = NormKind.DyT)]
public partial class ProbeVitDyT { }

/// <summary>One norm between two linear maps, the norm held where a DyT fits; runs its children with call().</summary>
internal sealed class NormSandwich : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the state-dict keys.
    private readonly Linear before;
    private nn.Module<Tensor, Tensor> norm;
    private readonly Linear after;
#pragma warning restore IDE1006

    public NormSandwich(nn.Module<Tensor, Tensor> norm, long channels) : base(nameof(NormSandwich))
    {
        before = nn.Linear(channels, channels);
        this.norm = norm;
        after = nn.Linear(channels, 3);
        RegisterComponents();
    }

    public nn.Module<Tensor, Tensor> Norm => norm;

    public override Tensor forward(Tensor input) => after.call(norm.call(before.call(input)));
}

/// <summary>A norm alone, held where a DyT fits (so a conversion can replace it); runs it with call().</summary>
internal sealed class NormOnly : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private nn.Module<Tensor, Tensor> norm;
#pragma warning restore IDE1006

    public NormOnly(nn.Module<Tensor, Tensor> norm) : base(nameof(NormOnly))
    {
        this.norm = norm;
        RegisterComponents();
    }

    public nn.Module<Tensor, Tensor> Norm => norm;

    public override Tensor forward(Tensor input) => norm.call(input);
}

/// <summary>A model that runs its norm with forward(), which TorchSharp's hooks do not see.</summary>
internal sealed class ForwardOnly : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private nn.Module<Tensor, Tensor> norm = nn.LayerNorm(4);
#pragma warning restore IDE1006

    public ForwardOnly() : base(nameof(ForwardOnly)) => RegisterComponents();

    public override Tensor forward(Tensor input) => norm.forward(input);
}

internal static class ProbeTensors
{
    /// <summary>Bit-for-bit equality of two float32 tensors (not approximately, not NaN-blind).</summary>
    public static bool BitwiseEqual(Tensor a, Tensor b)
    {
        if (!System.Linq.Enumerable.SequenceEqual(a.shape, b.shape) || a.dtype != b.dtype) return false;
        var x = a.detach().contiguous().data<float>().ToArray();
        var y = b.detach().contiguous().data<float>().ToArray();
        for (var i = 0; i < x.Length; i++)
            if (System.BitConverter.SingleToInt32Bits(x[i]) != System.BitConverter.SingleToInt32Bits(y[i])) return false;
        return true;
    }

    public static Tensor Gaussian(long[] shape, double std, ulong seed) =>
        randn(shape, generator: new TorchSharp.torch.Generator(seed)) * std;

    public static LayerNorm LayerNormWithAffine(long channels, ulong seed)
    {
        var norm = nn.LayerNorm(channels, eps: 1e-6);
        using var noGrad = no_grad();
        norm.weight.copy_(rand(new[] { channels }, generator: new TorchSharp.torch.Generator(seed)) + 0.5);
        norm.bias!.copy_(randn(new[] { channels }, generator: new TorchSharp.torch.Generator(seed + 1)) * 0.1);
        return norm;
    }
}
