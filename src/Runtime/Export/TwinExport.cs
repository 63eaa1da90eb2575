using System.IO;

namespace DyT.Export;

/// <summary>A folder <see cref="PyTorchTwin.Export"/> wrote, with the paths of its files and the command that trains it.</summary>
/// <param name="Folder">The folder, as a full path.</param>
public sealed record TwinExport(string Folder)
{
    /// <summary>The twin: the model as a PyTorch module.</summary>
    public string ModelSource => Path.Combine(Folder, PyTorchTwin.ModelSourceFile);

    /// <summary>The declaration and the data format, read by train.py and by <see cref="PyTorchTwin.LoadTwinCheckpoint"/>.</summary>
    public string Config => Path.Combine(Folder, PyTorchTwin.ConfigFile);

    /// <summary>The model's weights when it was exported; training starts from them.</summary>
    public string Weights => Path.Combine(Folder, PyTorchTwin.WeightsFile);

    /// <summary>The training script, for torchrun.</summary>
    public string TrainingScript => Path.Combine(Folder, PyTorchTwin.TrainingScriptFile);

    /// <summary>Where train.py looks for data shards by default (<see cref="PyTorchTwin.WriteDataShard"/>).</summary>
    public string DataFolder => Path.Combine(Folder, "data");

    /// <summary>Where train.py writes the trained checkpoint by default (<see cref="PyTorchTwin.LoadTwinCheckpoint"/> reads it).</summary>
    public string TrainedFolder => Path.Combine(Folder, "trained");

    /// <summary>
    /// The command that trains the twin on one machine with <paramref name="processes"/> processes (one per GPU, or
    /// CPU processes with gloo), its data in <see cref="DataFolder"/> and its output in <see cref="TrainedFolder"/>.
    /// </summary>
    public string TorchrunCommand(int processes, int steps) =>
        $"torchrun --standalone --nproc_per_node={processes} \"{TrainingScript}\" --data \"{DataFolder}\" --out \"{TrainedFolder}\" --steps {steps}";
}
