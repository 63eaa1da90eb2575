using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DyT;

namespace MnistVit;

/// <summary>Command-line options of the sample.</summary>
internal sealed record Options(int Epochs, NormKind[] Norms, int BatchSize, double LearningRate, int Seed)
{
    public const string Usage = """
        Trains the same small ViT on real MNIST digits once per norm and prints a comparison table.

        Options:
          --epochs N        passes over the 8,000 training digits (default 8)
          --norms A,B,...   which norms to train: DyT, LayerNorm, RMSNorm, Derf (default DyT,LayerNorm)
          --batch N         batch size (default 32)
          --lr X            peak AdamW learning rate (default 0.004)
          --seed N          seed for the weights, the split and the batch order (default 0)
          --help            this text
        """;

    public static Options Parse(string[] args)
    {
        var options = new Options(8, [NormKind.DyT, NormKind.LayerNorm], 32, 4e-3, 0);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--epochs" => options with { Epochs = PositiveInt(name, Value()) },
                "--norms" => options with { Norms = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseNorm).Distinct().ToArray() },
                "--batch" => options with { BatchSize = PositiveInt(name, Value()) },
                "--lr" => options with { LearningRate = PositiveDouble(name, Value()) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        if (options.Norms.Length == 0) throw new ArgumentException("--norms needs at least one of DyT, LayerNorm, RMSNorm, Derf.");
        return options;
    }

    private static NormKind ParseNorm(string text) =>
        Enum.TryParse<NormKind>(text.Trim(), ignoreCase: true, out var norm) && Enum.IsDefined(norm)
            ? norm
            : throw new ArgumentException($"--norms: expected DyT, LayerNorm, RMSNorm or Derf; got '{text}'.");

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name}: expected a whole number > 0; got '{text}'.");

    private static double PositiveDouble(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name}: expected a number > 0; got '{text}'.");
}
