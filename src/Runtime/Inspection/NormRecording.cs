using System;
using System.Collections.Generic;
using System.Linq;

namespace DyT.Inspection;

/// <summary>What every norm layer saw during one <see cref="NormProbe.Record"/>, in the order the layers first ran.</summary>
public sealed class NormRecording
{
    internal NormRecording(IReadOnlyList<NormLayerRecord> layers) => Layers = layers;

    /// <summary>One record per norm layer that ran, in the order each first ran.</summary>
    public IReadOnlyList<NormLayerRecord> Layers { get; }

    /// <summary>The record of the layer at <paramref name="path"/>.</summary>
    /// <exception cref="KeyNotFoundException">No norm at that path ran during the recording.</exception>
    public NormLayerRecord this[string path] =>
        Layers.FirstOrDefault(layer => layer.Path == path)
        ?? throw new KeyNotFoundException(
            $"No norm layer at '{path}' ran during this recording; recorded: {(Layers.Count == 0 ? "none" : string.Join(", ", Layers.Select(l => l.Path)))}.");
}
