using System;
using System.Globalization;

namespace Evidence;

/// <summary>Command-line options; the defaults are the published run.</summary>
internal sealed record EvidenceOptions
{
    public const string Usage = """
        Runs the paper's findings on real MNIST digits and writes the figures and a markdown report.

        Options:
          --out DIR             output folder (default artifacts/evidence)
          --epochs N            ViT epochs per run (default 4)
          --seeds N             seeds per norm, ViT and ResNet (default 3)
          --train-limit N       ViT training digits, of 8,000 (default 8000)
          --test-limit N        test digits, of 2,000 (default 2000)
          --resnet-labels N     labelled training digits for the ResNets (default 500)
          --resnet-epochs N     ResNet epochs per run (default 6)
          --finetune-steps N    fine-tuning steps after each LayerNorm-to-DyT conversion (default 100)
          --threads N           libtorch threads (default: the number of cores; 1 is faster on a crowded machine)
          --help                this text
        """;

    public string Output { get; init; } = "artifacts/evidence";
    public int Epochs { get; init; } = 4;
    public int Seeds { get; init; } = 3;
    public int TrainLimit { get; init; } = 8000;
    public int TestLimit { get; init; } = 2000;
    public int ResNetLabels { get; init; } = 500;
    public int ResNetEpochs { get; init; } = 6;
    public int FineTuneSteps { get; init; } = 100;
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Batch size and peak learning rate of the ViT runs: samples/MnistVit's.</summary>
    public int BatchSize => 32;
    public double VitLearningRate => 4e-3;
    public double ResNetLearningRate => 2e-3;
    public double FineTuneLearningRate => 1e-3;
    public int CalibrationBatches => 4;
    public int CalibrationBatchSize => 64;

    public static EvidenceOptions Parse(string[] args)
    {
        var options = new EvidenceOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--out" => options with { Output = Value() },
                "--epochs" => options with { Epochs = Positive(name, Value()) },
                "--seeds" => options with { Seeds = Positive(name, Value()) },
                "--train-limit" => options with { TrainLimit = Positive(name, Value()) },
                "--test-limit" => options with { TestLimit = Positive(name, Value()) },
                "--resnet-labels" => options with { ResNetLabels = Positive(name, Value()) },
                "--resnet-epochs" => options with { ResNetEpochs = Positive(name, Value()) },
                "--finetune-steps" => options with { FineTuneSteps = Positive(name, Value()) },
                "--threads" => options with { Threads = Positive(name, Value()) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        return options;
    }

    /// <summary>The command line that reproduces this run.</summary>
    public string CommandLine() =>
        $"./setup/evidence.sh --epochs {Epochs} --seeds {Seeds} --train-limit {TrainLimit} --test-limit {TestLimit} " +
        $"--resnet-labels {ResNetLabels} --resnet-epochs {ResNetEpochs} --finetune-steps {FineTuneSteps}";

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name}: expected a whole number > 0; got '{text}'.");
}
