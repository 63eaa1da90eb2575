using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT;
using DyT.Checkpoints;
using DyT.Generation;
using DyT.Samples.Data.Kjv;
using LlamaText;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

Options options;
try
{
    if (Array.IndexOf(args, "--help") >= 0) { Console.WriteLine(Options.Usage); return 0; }
    options = Options.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var tokenizer = ByteTokenizer.Create();
if (options.GenerateTokens > Continuation.MaxNewTokens(tokenizer))
{
    // Checked before training rather than by TokenGenerator after it: the prompt and its continuation share MaxSeqLen.
    Console.Error.WriteLine($"--generate: expected at most {Continuation.MaxNewTokens(tokenizer)} (MaxSeqLen {Options.MaxContext} less the prompt's " +
        $"{tokenizer.EncodeToIds(Continuation.Prompt).Count} tokens, plus one); got {options.GenerateTokens}.");
    return 2;
}
torch.set_num_threads(options.Threads);
var sampling = Continuation.Settings(Math.Max(1, options.GenerateTokens), options.Seed);
if (options.GenerateOnly)
{
    // The models a previous run saved; LoadSafetensors checks each folder's config.json against the class first.
    var loaded = new List<(NormKind, GeneratedText)>();
    foreach (var norm in options.Norms)
    {
        using var model = TextModels.Create(norm).Model;
        model.LoadSafetensors(Path.Combine(options.OutputDirectory, norm.ToString()));
        model.eval();
        loaded.Add((norm, Continuation.Generate((ICausalLanguageModel)model, tokenizer, sampling)));
    }
    PrintContinuations(loaded);
    return 0;
}
var corpus = TokenizedKjv.Load(tokenizer, ByteTokenizer.Name);
var train = new TokenWindows(corpus.Train, options.Context);
var validation = new TokenWindows(corpus.Validation, options.Context);
var heldOut = corpus.Books.Where(b => b.Part == KjvPart.Validation).Select(b => b.Name).ToArray();
AnsiConsole.MarkupLine(Markup.Escape(
    $"King James Bible (Debian bible-kjv-text), byte tokens{(corpus.LoadedFromCache ? " (cached)" : ", tokenized once into " + corpus.CachePath)}: " +
    $"{corpus.Books.Count - heldOut.Length} training books, {corpus.Train.Length:N0} tokens; {heldOut.Length} validation books " +
    $"({string.Join(", ", heldOut)}), {corpus.Validation.Length:N0} tokens."));
var settings = new TrainingSettings(options.Steps, options.BatchSize, options.LearningRate, options.Seed, options.EvalEvery, options.EvalWindows);
AnsiConsole.MarkupLine($"{options.Steps} steps of {options.BatchSize} x {options.Context} tokens per norm, AdamW peak lr {options.LearningRate}, seed {options.Seed}, {torch.get_num_threads()} threads.");
Directory.CreateDirectory(options.OutputDirectory);

var runs = new List<(NormKind Norm, long Parameters, TrainingResult Result, string Folder, GeneratedText? Continuation)>();
AnsiConsole.Progress()
    .AutoClear(false)
    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
    .Start(progress =>
    {
        foreach (var norm in options.Norms)
        {
            // Same seed for every norm: the same initial weights (but the norms' own) and the same batches.
            torch.manual_seed(options.Seed);
            var (model, parameters) = TextModels.Create(norm);
            var task = progress.AddTask($"{norm,-9}", maxValue: options.Steps);
            var result = Trainer.Train(model, train, validation, settings, p =>
            {
                task.Value = p.Step;
                task.Description = $"{norm,-9} step {p.Step,4}/{p.Steps}  loss {p.Loss:F3}  {p.TokensPerSecond,6:N0} tokens/s";
            });
            task.Description += $"  validation {result.ValidationLoss:F3}";
            // A Hugging Face folder: model.safetensors with LlamaForCausalLM's keys and config.json.
            var folder = Path.Combine(options.OutputDirectory, norm.ToString());
            model.SavePretrained(folder);
            model.eval();
            var continuation = options.GenerateTokens > 0 ? Continuation.Generate((ICausalLanguageModel)model, tokenizer, sampling) : null;
            runs.Add((norm, parameters, result, folder, continuation));
            model.Dispose();
        }
    });

var table = new Table().AddColumns("Norm", "Parameters", "Validation loss", "Perplexity", "Tokens / s", "Training time");
foreach (var (norm, parameters, result, _, _) in runs)
    table.AddRow(norm.ToString(), $"{parameters:N0}", $"{result.ValidationLoss:F4}", $"{result.Perplexity:F3}", $"{result.TokensPerSecond:N0}",
        $"{result.TrainingSeconds / 60:F1} min");
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Validation loss: nats per byte over {options.EvalWindows} windows of {options.Context} bytes spread over the validation books; perplexity = exp(loss).");

var chart = Path.Combine(options.OutputDirectory, "loss-curves.png");
LossChart.Save(chart, runs.Select(r => (r.Norm.ToString(), r.Result)).ToArray());
AnsiConsole.MarkupLine(Markup.Escape($"Loss curves: {chart}"));
foreach (var run in runs)
    AnsiConsole.MarkupLine(Markup.Escape($"{run.Norm}: {Path.Combine(run.Folder, "model.safetensors")} and config.json"));

if (options.GenerateTokens > 0) PrintContinuations(runs.Select(run => (run.Norm, run.Continuation!)));
return 0;

void PrintContinuations(IEnumerable<(NormKind Norm, GeneratedText Text)> continuations)
{
    AnsiConsole.MarkupLine(Markup.Escape(
        $"{options.GenerateTokens} tokens after \"{Continuation.Prompt}\" from each model (TokenGenerator with a KV cache: temperature {sampling.Temperature}, " +
        $"top-p {sampling.TopP}, seed {sampling.Seed}; the same every run):"));
    foreach (var (norm, text) in continuations)
    {
        AnsiConsole.Write(new Rule(norm.ToString()).LeftJustified());
        Console.WriteLine(text.Prompt + text.Text); // as generated: its own line breaks, none added
    }
}
