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

    public static void EveryKeyChangesTheOutput<TModel>(TModel model, string fixtureName, Func<TModel, ParityFixture, Tensor> forward,
        params string[] exempt) where TModel : nn.Module
    {
        var fixture = ParityFixture.Load(fixtureName);
        model.eval();
        using var _ = no_grad();
        var unread = new List<string>();
        foreach (var key in fixture.Weights.Keys.Where(k => fixture.Weights[k].is_floating_point() && !exempt.Contains(k)))
        {
            using var scope = NewDisposeScope();
            var perturbed = new Dictionary<string, Tensor>(fixture.Weights)
            {
                [key] = fixture.Weights[key] + 0.1 * (fixture.Weights[key].abs().mean() + 0.1) * randn_like(fixture.Weights[key]),
            };
            model.LoadStateDict(perturbed);
            var change = (forward(model, fixture) - fixture.Output).abs().max().item<float>();
            if (change < MinimumChange) unread.Add($"{key} (output moved {change:E1})");
        }
        Assert.True(unread.Count == 0, $"{fixtureName}: perturbing these keys left the output unchanged, so the model does not read them: {string.Join(", ", unread)}");
    }
}
