using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inference;

/// <summary>Models with trained-looking norms, their inputs, and snapshots to tell whether folding changed them.</summary>
internal static class FoldingFixtures
{
    /// <summary>
    /// Gives every foldable norm's parameters values away from their initialization (weight ones, bias zeros would
    /// make folding an identity): weights around 1 with spread 0.5 and either sign possible, biases around 0, alphas
    /// in [0.3, 1.3], shifts around 0.
    /// </summary>
    public static T WithTrainedNorms<T>(T model, long seed = 7) where T : nn.Module
    {
        using var generator = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var norm in model.modules().Where(NormAffine.IsFoldableKind))
            foreach (var (name, parameter) in norm.named_parameters(recurse: false))
            {
                using var draw = name switch
                {
                    "weight" => 1 + 0.5 * randn(parameter.shape, generator: generator),
                    "bias" => 0.3 * randn(parameter.shape, generator: generator),
                    "alpha" => 0.3 + rand(parameter.shape, generator: generator),
                    "shift" => 0.2 * randn(parameter.shape, generator: generator),
                    _ => throw new ArgumentException($"unexpected norm parameter '{name}'"),
                };
                parameter.copy_(draw);
            }
        model.eval();
        return model;
    }

    public static Tensor Images(long batch = 3) => randn(batch, 1, 28, 28);

    public static Tensor Tokens(long batch = 2, long length = 16) => randint(0, 100, new[] { batch, length });

    /// <summary>The forward without autograd.</summary>
    public static Tensor Run(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        using var _ = no_grad();
        return model.forward(input);
    }

    /// <summary>The largest absolute difference of two outputs.</summary>
    public static double MaxAbsError(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var error = (actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs().max();
        return error.item<double>();
    }

    /// <summary>A copy of every state-dict entry and the module type at every path, to compare after a refusal.</summary>
    public static (Dictionary<string, Tensor> State, List<string> Modules) Snapshot(nn.Module model) =>
        (model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone()),
         model.named_modules().Select(m => $"{m.name}: {m.module.GetType().Name}").ToList());

    /// <summary>Asserts that <paramref name="model"/> has the same keys, values and module types as at <paramref name="snapshot"/>.</summary>
    public static void AssertUnchanged(nn.Module model, (Dictionary<string, Tensor> State, List<string> Modules) snapshot)
    {
        var state = model.state_dict();
        Assert.Equal(snapshot.State.Keys.Order(), state.Keys.Order());
        foreach (var (key, value) in snapshot.State)
            Assert.True(state[key].SameAs(value), $"'{key}' changed");
        Assert.Equal(snapshot.Modules, model.named_modules().Select(m => $"{m.name}: {m.module.GetType().Name}").ToList());
    }
}
