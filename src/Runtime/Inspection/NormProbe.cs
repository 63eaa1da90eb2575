using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Inspection;

/// <summary>
/// Watches every norm layer of a TorchSharp model, generated or not: LayerNorm, RmsNorm, DynamicTanh, Derf, and (input
/// statistics and returned output) LayerNorm2d, RmsNorm2d, BatchNorm and GroupNorm. For each it records samples of
/// input and output (before the affine for LayerNorm, RMSNorm, DyT and Derf), per-token and per-channel statistics
/// and its parameters.
/// </summary>
/// <remarks>
/// The probe registers a forward hook on each norm, so it sees the norms a model runs with <c>call</c>, as TorchSharp's
/// <c>Sequential</c> and every generated model do (a hand-written model that runs its norm with <c>forward</c> bypasses
/// TorchSharp's hooks). The hook reads its input and output without gradients and returns nothing, so the model's
/// outputs, gradients and state are the same with the probe attached; <see cref="Dispose"/> removes the hooks.
/// Hooks record only inside <see cref="Record"/>, so an attached probe costs nothing between recordings: record one
/// fixed batch per epoch to follow a training run, or a training step to see the batch being trained on.
/// <code>
/// using var probe = NormProbe.Attach(model);
/// var seen = probe.Record(() => model.forward(images));
/// foreach (var layer in seen.Layers) Console.WriteLine($"{layer.Path}: std {layer.InputStd:F3}, alpha {layer.Alpha}");
/// </code>
/// </remarks>
public sealed class NormProbe : IDisposable
{
    private readonly List<ProbedLayer> layers;
    private readonly List<Action> removers = [];
    private readonly NormProbeOptions options;
    private Dictionary<ProbedLayer, LayerAccumulator>? recording;
    private List<ProbedLayer>? firstRunOrder;
    private bool detached;

    private NormProbe(List<ProbedLayer> layers, NormProbeOptions options)
    {
        this.layers = layers;
        this.options = options;
        foreach (var layer in layers)
        {
            var remover = layer.Module.register_forward_hook((_, input, output) =>
            {
                Observe(layer, input, output);
                return null!; // null: the output stays what the layer returned
            });
            removers.Add(remover.remove);
        }
    }

    /// <summary>Attaches a probe to every norm layer in <paramref name="model"/> (the model itself included).</summary>
    /// <param name="model">Any TorchSharp module; it is not changed.</param>
    /// <param name="options">How much to keep per layer; defaults when null.</param>
    /// <exception cref="ArgumentException">The model holds no norm layer the probe knows.</exception>
    public static NormProbe Attach(nn.Module model, NormProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = new List<ProbedLayer>();
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        Collect(model, "", found, seen);
        if (found.Count == 0)
            throw new ArgumentException(
                $"{model.GetType().Name} holds no norm layer a probe knows; expected LayerNorm, RmsNorm, DynamicTanh, Derf, LayerNorm2d, RmsNorm2d, BatchNorm1d/2d or GroupNorm among its modules.",
                nameof(model));
        return new NormProbe(found, options ?? new NormProbeOptions());
    }

    /// <summary>The paths of the watched layers, in module order (<c>blocks.0.norm1</c>, ...).</summary>
    public IReadOnlyList<string> LayerPaths => layers.Select(layer => layer.Path).ToList();

    /// <summary>
    /// Runs <paramref name="run"/> (forward passes, or whole training steps) and returns what every norm saw during it.
    /// A layer that ran several times (several batches) has its statistics over all of them.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The probe was detached.</exception>
    /// <exception cref="InvalidOperationException">Called from inside another recording.</exception>
    public NormRecording Record(Action run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ObjectDisposedException.ThrowIf(detached, this);
        if (recording is not null) throw new InvalidOperationException("This probe is already recording; recordings do not nest.");
        recording = layers.ToDictionary(layer => layer, layer => new LayerAccumulator(layer, options));
        firstRunOrder = [];
        try
        {
            run();
            return new NormRecording(firstRunOrder.Select(layer => recording[layer].ToRecord()).ToList());
        }
        finally
        {
            recording = null;
            firstRunOrder = null;
        }
    }

    /// <summary>Removes the probe's hooks: the model is as it was before <see cref="Attach"/>.</summary>
    public void Dispose()
    {
        foreach (var remove in removers) remove();
        removers.Clear();
        detached = true;
    }

    private void Observe(ProbedLayer layer, Tensor input, Tensor output)
    {
        if (recording is null) return;
        var accumulator = recording[layer];
        if (!accumulator.Saw) firstRunOrder!.Add(layer);
        accumulator.Add(input, output);
    }

    private static void Collect(nn.Module module, string path, List<ProbedLayer> found, HashSet<nn.Module> seen)
    {
        if (!seen.Add(module)) return; // a module held twice is watched once, under its first path
        if (ProbedLayer.TryCreate(path, module) is { } layer)
        {
            found.Add(layer);
            return; // norms hold no norms
        }
        foreach (var (name, child) in module.named_children())
            Collect(child, path.Length == 0 ? name : $"{path}.{name}", found, seen);
    }
}
