using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Checkpoints;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// Loads a fixture's reference weights into a generated model by key, runs the forward in float32 and compares
/// with the reference output; where the fixture has gradients, backpropagates <c>sum(output * loss_weight)</c>
/// and compares the input's and each listed parameter's gradient. Prints the largest errors for the report.
/// </summary>
internal static class ParityCheck
{
    /// <summary>The bound for float32 parity.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>
    /// Gradients are also held to 0.1% of their largest element: many are far below 1e-5 in size (an alpha deep in
    /// a ConvNeXt gets 1e-4), where the absolute bound alone would accept a wrong gradient. Float32 sums over the
    /// whole activation put the observed error at up to 1e-4 of that scale, so 1e-3 leaves a tenfold margin.
    /// </summary>
    public const double GradientScaleTolerance = 1e-3;

    public static void Run(nn.Module model, string fixtureName, Func<nn.Module, ParityFixture, Tensor> forward, ITestOutputHelper output)
    {
        var fixture = ParityFixture.Load(fixtureName);
        model.LoadSafetensors(fixture.WeightsPath);
        model.eval();
        var withGradients = fixture.Io.Keys.Any(k => k.StartsWith(ParityFixture.GradientPrefix, StringComparison.Ordinal));
        if (fixture.InputGradient is not null) fixture.Input.requires_grad_(true);

        var actual = forward(model, fixture);
        Compare(fixture.Output, actual, $"{fixtureName} output", output);
        if (!withGradients) return;

        (actual * fixture.LossWeight).sum().backward();
        if (fixture.InputGradient is { } inputGradient)
            CompareGradient(inputGradient, fixture.Input.grad ?? throw new InvalidOperationException("input has no gradient"),
                $"{fixtureName} d loss / d input", output);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (key, expected) in fixture.ParameterGradients)
        {
            var grad = parameters[key].grad ?? throw new InvalidOperationException($"{key} has no gradient");
            CompareGradient(expected, grad, $"{fixtureName} d loss / d {key}", output);
        }
    }

    private static void CompareGradient(Tensor expected, Tensor actual, string what, ITestOutputHelper output)
    {
        Compare(expected, actual, what, output);
        var scale = expected.abs().max().item<float>();
        TensorAssert.Close(expected, actual, GradientScaleTolerance * scale, what: $"{what} (within 0.1% of its largest element, {scale:G3})");
    }

    private static void Compare(Tensor expected, Tensor actual, string what, ITestOutputHelper output)
    {
        using var error = (actual.detach().to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs();
        output.WriteLine($"{what}: max abs error {error.max().item<double>():E2} (max |expected| {expected.abs().max().item<float>():G4})");
        TensorAssert.Close(expected, actual, Tolerance, what: what);
    }
}
