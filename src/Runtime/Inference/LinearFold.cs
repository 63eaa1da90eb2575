using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Inference;

/// <summary>
/// The parameters one Linear layer gets when the affine of the norm before it moves in:
/// <c>W (g ⊙ x + b) + c = (W diag(g)) x + (W b + c)</c>. Computed in float64 from the current parameters and rounded
/// once to the layer's dtype; <see cref="Apply"/> writes them. Computing every fold before applying any is what lets
/// <see cref="NormFolding.Fold"/> change all or nothing.
/// </summary>
internal sealed class LinearFold : IDisposable
{
    private readonly Linear linear;
    private readonly Tensor? weight;
    private readonly Tensor? bias;

    private LinearFold(Linear linear, Tensor? weight, Tensor? bias)
    {
        this.linear = linear;
        this.weight = weight;
        this.bias = bias;
    }

    /// <summary>True when the layer had no bias and <see cref="Apply"/> gives it one.</summary>
    public bool AddsBias => bias is not null && linear.bias is null;

    /// <summary>The folded parameters of <paramref name="linear"/> for a norm with <paramref name="affine"/>.</summary>
    public static LinearFold Compute(Linear linear, NormAffine affine)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var weight = linear.weight!;
        var original = weight.detach().to(ScalarType.Float64);
        var foldedWeight = affine.Weight is null
            ? null
            : (original * affine.Weight.detach().to(ScalarType.Float64, weight.device)).to(weight.dtype);
        Tensor? foldedBias = null;
        if (affine.Bias is not null)
        {
            var shift = original.matmul(affine.Bias.detach().to(ScalarType.Float64, weight.device));
            var current = linear.bias;
            foldedBias = (current is null ? shift : shift + current.detach().to(ScalarType.Float64)).to(current?.dtype ?? weight.dtype);
        }
        return new LinearFold(linear, foldedWeight?.MoveToOuterDisposeScope(), foldedBias?.MoveToOuterDisposeScope());
    }

    /// <summary>Writes the folded weight and bias into the layer (a new bias parameter where it had none).</summary>
    public void Apply()
    {
        using var _ = no_grad();
        var current = linear.weight!;
        if (weight is not null) current.copy_(weight);
        if (bias is null) return;
        if (linear.bias is { } existing) existing.copy_(bias);
        else linear.bias = new Parameter(bias.clone(), requires_grad: current.requires_grad);
    }

    /// <summary>Frees the computed tensors.</summary>
    public void Dispose()
    {
        weight?.Dispose();
        bias?.Dispose();
    }
}
