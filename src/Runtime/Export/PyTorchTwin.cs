using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using DyT.Checkpoints;
using DyT.Declarations;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Export;

/// <summary>
/// Takes a generated model past one machine: <see cref="Export"/> writes its PyTorch twin (model.py), its declaration
/// (config.json), its weights (model.safetensors) and a torchrun training script (train.py, DDP or FSDP) into a
/// folder; <see cref="WriteDataShard"/> adds training data; <see cref="LoadTwinCheckpoint"/> loads what train.py
/// wrote back into the .NET model, strictly, after checking that it was trained for this declaration. TorchSharp has
/// no torch.distributed, so multi-GPU and multi-node training runs on PyTorch; the twin makes the weights portable
/// both ways.
/// </summary>
public static class PyTorchTwin
{
    /// <summary>The twin's file name in an export folder.</summary>
    public const string ModelSourceFile = "model.py";

    /// <summary>The declaration's file name in an export or checkpoint folder.</summary>
    public const string ConfigFile = TwinConfig.FileName;

    /// <summary>The weights' file name in an export or checkpoint folder.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>The training script's file name in an export folder.</summary>
    public const string TrainingScriptFile = "train.py";

    /// <summary>The safetensors and config helpers train.py imports (Debian's python3-torch has no safetensors package).</summary>
    public const string HelperFile = "twin_io.py";

    /// <summary>The files an export writes; a folder holding any of them belongs to the model its config.json names.</summary>
    private static readonly string[] ExportFiles = [ModelSourceFile, ConfigFile, WeightsFile, TrainingScriptFile, HelperFile];

    /// <summary>
    /// Writes the model's twin, declaration, current weights (as they are: dtype kept), training script and its helper
    /// into <paramref name="folder"/>, creating it. Exporting the same model again updates the files; a folder that
    /// holds another model's export (or files of the same names without a config.json) is refused with a
    /// <see cref="TwinMismatchException"/> naming the model and the differing keys, and nothing is written.
    /// </summary>
    /// <param name="model">A model generated from <c>[Transformer]</c> or <c>[ConvNet]</c>.</param>
    /// <param name="folder">The export folder.</param>
    public static TwinExport Export(nn.Module model, string folder)
    {
        var (declaration, twin) = Generated(model);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        folder = Path.GetFullPath(folder);
        if (File.Exists(folder))
            throw new ArgumentException($"folder must be a folder (absent, or an export of {TwinMismatchException.Name(declaration)}); {folder} is a file.", nameof(folder));
        RequireFolderFor(declaration, folder);
        Directory.CreateDirectory(folder);
        var dtype = model.parameters().Select(p => p.dtype).DefaultIfEmpty(ScalarType.Float32).First();
        AtomicFile.WriteAllText(Path.Combine(folder, ModelSourceFile), twin.PyTorchTwinSource);
        AtomicFile.WriteAllText(Path.Combine(folder, TrainingScriptFile), Resource(TrainingScriptFile));
        AtomicFile.WriteAllText(Path.Combine(folder, HelperFile), Resource(HelperFile));
        model.SaveSafetensors(Path.Combine(folder, WeightsFile));
        // Last: a folder with a config.json is a complete export.
        AtomicFile.WriteAllBytes(Path.Combine(folder, ConfigFile), TwinConfig.Create(declaration, twin, dtype.ToString().ToLowerInvariant()));
        return new TwinExport(folder);
    }

    /// <summary>
    /// Writes one shard of training data for train.py: the tensors the family's objective reads, checked against the
    /// model's declaration first (an <see cref="ArgumentException"/> names the model and the key). ViT, ConvNeXt and
    /// ResNet: <c>images</c> (N, C, H, W) floating point and <c>labels</c> (N) int64; LLaMA: <c>tokens</c> (N, T + 1)
    /// int64, inputs with their next tokens; DiT: <c>latents</c> (N, C, H, W) and <c>labels</c> (N) int64 (the null
    /// class allowed). train.py reads every <c>*.safetensors</c> of its data folder (<see cref="TwinExport.DataFolder"/>).
    /// </summary>
    /// <param name="model">The model the data is for.</param>
    /// <param name="path">The shard to write, e.g. <c>data/shard-00000.safetensors</c>; its folder is created.</param>
    /// <param name="samples">The tensors by key.</param>
    public static void WriteDataShard(nn.Module model, string path, IReadOnlyDictionary<string, Tensor> samples)
    {
        var (declaration, _) = Generated(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(samples);
        TwinDataFormat.Check(declaration, samples);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Safetensors.Save(samples, path, new Dictionary<string, string> { ["model"] = declaration.ModelName, ["objective"] = TwinDataFormat.For(declaration).Objective });
    }

    /// <summary>
    /// Loads a checkpoint folder train.py wrote (or an export folder) into the model: its config.json must declare the
    /// model's hyperparameters (every value of the declaration but the class name), any per-rank states it holds must
    /// agree bit for bit, and model.safetensors is then loaded strictly (<see cref="Checkpoint.LoadSafetensors"/>:
    /// every key, shape and dtype). A disagreement is a <see cref="TwinMismatchException"/> naming the model and the
    /// keys, and nothing is loaded.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="folder">The folder with config.json and model.safetensors.</param>
    public static void LoadTwinCheckpoint(this nn.Module model, string folder)
    {
        var (declaration, _) = Generated(model);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        folder = Path.GetFullPath(folder);
        var name = TwinMismatchException.Name(declaration);
        var configPath = FolderFile.In(folder, ConfigFile);
        if (!File.Exists(configPath))
            throw new FileNotFoundException($"{configPath} is missing, so nothing says which model {folder} was trained for; " +
                $"train.py writes one beside model.safetensors (load a bare file with LoadSafetensors).", configPath);
        var stored = TwinConfig.Read(configPath);
        var differences = TwinConfig.Differences(declaration, stored, includeName: false);
        if (differences.Count > 0)
            throw new TwinMismatchException(name, folder, $"its config.json declares {stored.Name} otherwise than {name}, so the checkpoint was trained for another model", differences);
        var weights = FolderFile.In(folder, WeightsFile);
        var ranks = RankStates.In(folder);
        if (ranks.Count > 0) RankStates.RequireAgreement(name, File.Exists(weights) ? weights : ranks[0], ranks);
        model.LoadSafetensors(weights);
    }

    private static (ModelDeclaration Declaration, IHasPyTorchTwin Twin) Generated(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not IDeclaredModel declared || model is not IHasPyTorchTwin twin)
            throw new ArgumentException($"model must be generated from [Transformer] or [ConvNet] (it then has a declaration and a PyTorch twin); got {model.GetType().Name}.", nameof(model));
        return (declared.Declaration, twin);
    }

    /// <summary>Refuses a folder that holds another model's export, or export files without the config.json that would say whose.</summary>
    private static void RequireFolderFor(ModelDeclaration declaration, string folder)
    {
        if (!Directory.Exists(folder)) return;
        var name = TwinMismatchException.Name(declaration);
        var configPath = FolderFile.In(folder, ConfigFile);
        if (!File.Exists(configPath))
        {
            var present = ExportFiles.Where(file => File.Exists(Path.Combine(folder, file))).ToList();
            if (present.Count > 0)
                throw new TwinMismatchException(name, folder, $"the folder holds files an export of {name} would replace, but no config.json says they are its",
                    present.Select(file => new TwinDifference(file, "absent, or an export of this model", "a file of unknown origin")).ToList());
            return;
        }
        var stored = TwinConfig.Read(configPath);
        var differences = TwinConfig.Differences(declaration, stored, includeName: true);
        if (differences.Count > 0)
            throw new TwinMismatchException(name, folder, $"the folder holds the export of {stored.Name}, not of {name}; export into another folder or delete it", differences);
    }

    private static string Resource(string file)
    {
        using var stream = typeof(PyTorchTwin).Assembly.GetManifestResourceStream("DyT.Export.Python." + file)
            ?? throw new InvalidOperationException($"DyT.Runtime is missing its embedded {file}; the build did not embed Export/Python.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
