using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT.Checkpoints;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// One case written by tests/Parity/reference/make_fixtures.py: the reference model's state dict
/// (<c>case.weights.safetensors</c>) and its inputs, float64-computed output, loss weights and gradients
/// (<c>case.io.safetensors</c>; gradient keys are <c>grad.input</c> and <c>grad.&lt;parameter key&gt;</c>).
/// </summary>
internal sealed class ParityFixture
{
    public const string GradientPrefix = "grad.";

    private ParityFixture(string name, Dictionary<string, Tensor> weights, Dictionary<string, Tensor> io)
    {
        Name = name;
        Weights = weights;
        Io = io;
    }

    public string Name { get; }

    public Dictionary<string, Tensor> Weights { get; }

    public Dictionary<string, Tensor> Io { get; }

    public string WeightsPath => PathOf(Name, "weights");

    public Tensor Input => Io["input"];

    public Tensor Output => Io["output"];

    public Tensor LossWeight => Io["loss_weight"];

    /// <summary>Expected gradients by parameter key (<c>grad.input</c> excluded).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> ParameterGradients =>
        Io.Where(p => p.Key.StartsWith(GradientPrefix, StringComparison.Ordinal) && p.Key != GradientPrefix + "input")
          .Select(p => KeyValuePair.Create(p.Key[GradientPrefix.Length..], p.Value));

    public Tensor? InputGradient => Io.GetValueOrDefault(GradientPrefix + "input");

    public static ParityFixture Load(string name) =>
        new(name, Safetensors.Load(PathOf(name, "weights")), Safetensors.Load(PathOf(name, "io")));

    private static string PathOf(string name, string part)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Parity", "fixtures", $"{name}.{part}.safetensors");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Parity fixture {path} is missing; regenerate with tests/Parity/reference/make_fixtures.py.", path);
        return path;
    }
}
