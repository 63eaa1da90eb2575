using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// Guards the parity tests themselves: a key the generated forward never reads would still "load" and could still
/// match the reference by accident. Here each floating-point key in turn is perturbed, and the output must move.
/// </summary>
internal static class KeySensitivity
{
    /// <summary>An output change this small would be lost in the parity tolerance.</summary>
    private const double MinimumChange = 1e-4;

    public static void EveryKeyChangesTheOutput(nn.Module model, string fixtureName, Func<nn.Module, ParityFixture, Tensor> forward,
        params string[] exempt)
    {
        var fixture = ParityFixture.Load(fixtureName);
        model.eval();
        using var _ = no_grad();
        // A generator of its own: the global one is shared with tests running in parallel, which rely on their seeds.
        var generator = new Generator(0);
        // TorchSharp's tensor + tensor (and tensor + number) passes a temporary Scalar whose handle it reads before
        // the native call; the finalizer can free it during that call (seen as libtorch's "Expected false to be true"
        // from toFloat while memory tests ran GC.Collect in parallel). Scalars held here live until their Dispose.
        using Scalar one = 1.ToScalar(), tenth = 0.1.ToScalar(), half = 0.5.ToScalar();
        var unread = new List<string>();
        foreach (var key in fixture.Weights.Keys.Where(k => fixture.Weights[k].is_floating_point() && !exempt.Contains(k)))
        {
            using var scope = NewDisposeScope();
            var weights = fixture.Weights[key];
            // Noise of the tensor's own scale, each element moved by 0.5 to 1.5 of it with a random sign (never a
            // lucky near-zero draw for a scalar like alpha), so a key read only weakly (a layer-scaled branch, a
            // saturated tanh) still moves the output well past the tolerance.
            var magnitude = weights.abs().mean().add(tenth) * rand(weights.shape, generator: generator).add(half);
            var perturbed = new Dictionary<string, Tensor>(fixture.Weights)
            {
                [key] = weights.add(magnitude * randn(weights.shape, generator: generator).sign(), one),
            };
            model.LoadStateDict(perturbed);
            var change = (forward(model, fixture) - fixture.Output).abs().max().item<float>();
            if (change < MinimumChange) unread.Add($"{key} (output moved {change:E1})");
        }
        Assert.True(unread.Count == 0, $"{fixtureName}: perturbing these keys left the output unchanged, so the model does not read them: {string.Join(", ", unread)}");
    }
}
