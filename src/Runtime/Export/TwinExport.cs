using System;
using System.IO;
using System.Text;

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
    /// <remarks>Paths are double-quoted for a POSIX shell, with <c>"</c>, <c>\</c>, <c>$</c> and <c>`</c> escaped.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="processes"/> or <paramref name="steps"/> is below 1.</exception>
    public string TorchrunCommand(int processes, int steps)
    {
        if (processes < 1) throw new ArgumentOutOfRangeException(nameof(processes), processes, $"processes must be >= 1; got {processes}.");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must be >= 1; got {steps}.");
        return $"torchrun --standalone --nproc_per_node={processes} {Quote(TrainingScript)} --data {Quote(DataFolder)} --out {Quote(TrainedFolder)} --steps {steps}";
    }

    /// <summary>The path as one POSIX shell word: double-quoted, the characters special inside double quotes escaped.</summary>
    private static string Quote(string path)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in path)
        {
            if (c is '"' or '\\' or '$' or '`') quoted.Append('\\');
            quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
