using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Checkpoints;
using DyT.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Export;

/// <summary>
/// Exports every <see cref="TwinCase"/> with random weights, runs the .NET forward, then runs all the twins in one
/// Python process (twin_check.py) on the same weights and inputs; the tests compare what both sides wrote. Also asks
/// the Python side for a freshly initialized twin of each case, and tries train.py's rank and declaration checks.
/// </summary>
public sealed class TwinParityRun : IDisposable
{
    public TwinParityRun()
    {
        if (PythonTorch.Python is null) return;
        Root = Directory.CreateTempSubdirectory("dyt-twin-parity-").FullName;
        var cases = new List<object>();
        for (var i = 0; i < TwinCase.All.Count; i++)
        {
            var twinCase = TwinCase.All[i];
            var folder = Path.Combine(Root, twinCase.Name);
            using var scope = NewDisposeScope();
            var fresh = twinCase.Create();
            FreshStates[twinCase.Name] = fresh.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().MoveToOuterDisposeScope());
            var model = twinCase.Create();
            ModelRandomizer.Randomize(model, seed: 1000 + i);
            model.eval();
            PyTorchTwin.Export(model, folder);
            var inputs = twinCase.Inputs(new Generator((ulong)(2000 + i)));
            using (no_grad())
                Expected[twinCase.Name] = TwinCase.Forward(model, inputs).detach().clone().MoveToOuterDisposeScope();
            Safetensors.Save(inputs, Path.Combine(folder, "inputs.safetensors"));
            cases.Add(new
            {
                folder,
                weights = Path.Combine(folder, PyTorchTwin.WeightsFile),
                inputs = Path.Combine(folder, "inputs.safetensors"),
                output = Path.Combine(folder, "twin_output.safetensors"),
                fresh = Path.Combine(folder, "twin_fresh.safetensors"),
            });
        }
        var manifest = Path.Combine(Root, "manifest.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(new
        {
            cases,
            self_checks = Path.Combine(Root, TwinCase.All[2].Name),
            self_check_results = Path.Combine(Root, "self_checks.json"),
        }));
        var script = Path.Combine(AppContext.BaseDirectory, "Export", "twin_check.py");
        (ExitCode, Output) = PythonTorch.Run([script, manifest], TimeSpan.FromMinutes(5));
    }

    /// <summary>The folder every case was exported into (one subfolder per case), or null when Python is missing.</summary>
    public string? Root { get; }

    public int ExitCode { get; }

    public string Output { get; } = "";

    /// <summary>The .NET model's output per case.</summary>
    public Dictionary<string, Tensor> Expected { get; } = [];

    /// <summary>A freshly constructed .NET model's state per case, for the initialization check.</summary>
    public Dictionary<string, Dictionary<string, Tensor>> FreshStates { get; } = [];

    public string CaseFolder(string name) => Path.Combine(Root!, name);

    public string SelfCheckResults => Path.Combine(Root!, "self_checks.json");

    public void Dispose()
    {
        foreach (var tensor in Expected.Values) tensor.Dispose();
        foreach (var tensor in FreshStates.Values.SelectMany(state => state.Values)) tensor.Dispose();
        if (Root is not null && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
