using System;
using System.Globalization;
using System.Linq;
using DyT;

namespace LlamaText;

/// <summary>Command-line options of the sample.</summary>
internal sealed record Options(
    int Steps, int BatchSize, int Context, double LearningRate, int Seed, NormKind[] Norms, int EvalEvery, int EvalWindows,
    int GenerateTokens, bool GenerateOnly, string OutputDirectory, int Threads)
{
    /// <summary>Longest context the declared models accept (their MaxSeqLen).</summary>
    public const int MaxContext = 256;

    public const string Usage = """
        Trains the same small LLaMA on the King James Bible once per norm (RMSNorm, DyT, Derf) and prints a table of
        validation loss and perplexity, then a continuation of a fixed prompt from each model; writes the loss curves as a
        PNG and each model as a Hugging Face folder (model.safetensors and config.json).

        Options:
          --steps N         optimizer steps per model (default 150)
          --batch N         sequences per step (default 4)
          --context N       tokens per sequence, at most 256 (default 256)
          --lr X            peak AdamW learning rate (default 0.002)
          --seed N          seed for the weights and the batches (default 0)
          --norms A,B,...   which norms to train: RMSNorm, DyT, Derf, LayerNorm (default RMSNorm,DyT,Derf)
          --eval-every N    steps between validation losses on the curves (default 25)
          --eval-windows N  validation sequences for the final loss (default 256)
          --generate N      tokens to generate from the fixed prompt (default 200, at most 219; 0 skips it)
          --generate-only   no training: continue the prompt with the models a previous run saved in --out
          --out DIR         where the PNG and the models go (default artifacts/llama-text)
          --threads N       CPU threads for TorchSharp (default: all cores; 1 is faster on a busy machine)
          --help            this text
        """;

    public static Options Default { get; } = new(150, 4, 256, 2e-3, 0, [NormKind.RMSNorm, NormKind.DyT, NormKind.Derf], 25, 256, 200, false,
        System.IO.Path.Combine("artifacts", "llama-text"), Environment.ProcessorCount);

    public static Options Parse(string[] args)
    {
        var options = Default;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--steps" => options with { Steps = PositiveInt(name, Value()) },
                "--batch" => options with { BatchSize = PositiveInt(name, Value()) },
                "--context" => options with { Context = PositiveInt(name, Value()) },
                "--lr" => options with { LearningRate = PositiveDouble(name, Value()) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--norms" => options with { Norms = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseNorm).Distinct().ToArray() },
                "--eval-every" => options with { EvalEvery = PositiveInt(name, Value()) },
                "--eval-windows" => options with { EvalWindows = PositiveInt(name, Value()) },
                "--generate" => options with { GenerateTokens = NonNegativeInt(name, Value()) },
                "--generate-only" => options with { GenerateOnly = true },
                "--out" => options with { OutputDirectory = Value() },
                "--threads" => options with { Threads = PositiveInt(name, Value()) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        if (options.Context > MaxContext)
            throw new ArgumentException($"--context: expected at most {MaxContext} (the models' MaxSeqLen); got {options.Context}.");
        if (options.GenerateOnly && options.GenerateTokens == 0)
            throw new ArgumentException("--generate-only needs --generate above 0; got --generate 0.");
        if (options.Norms.Length == 0) throw new ArgumentException("--norms needs at least one of RMSNorm, DyT, Derf, LayerNorm.");
        return options;
    }

    private static NormKind ParseNorm(string text) =>
        Enum.TryParse<NormKind>(text.Trim(), ignoreCase: true, out var norm) && Enum.IsDefined(norm)
            ? norm
            : throw new ArgumentException($"--norms: expected RMSNorm, DyT, Derf or LayerNorm; got '{text}'.");

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name}: expected a whole number > 0; got '{text}'.");

    private static int NonNegativeInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{name}: expected a whole number >= 0; got '{text}'.");

    private static double PositiveDouble(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name}: expected a number > 0; got '{text}'.");
}
