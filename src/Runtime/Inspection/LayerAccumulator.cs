using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Inspection;

/// <summary>
/// What one norm layer saw during one <see cref="NormProbe.Record"/>: running float64 sums for the statistics, the
/// per-token statistics up to a limit, and an evenly spaced sample of tokens.
/// </summary>
internal sealed class LayerAccumulator
{
    private readonly ProbedLayer layer;
    private readonly NormProbeOptions options;
    private readonly List<float> tokenMean = [];
    private readonly List<float> tokenStd = [];
    private readonly List<float> sampleInput = [];
    private readonly List<float> sampleOutput = [];
    private double[]? channelSum;
    private double[]? channelSquares;
    private long calls;
    private long tokens;
    private int sampledTokens;

    public LayerAccumulator(ProbedLayer layer, NormProbeOptions options)
    {
        this.layer = layer;
        this.options = options;
    }

    /// <summary>Adds one call of the layer: its input and the output it returned.</summary>
    public void Add(Tensor input, Tensor returned)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rows = layer.Rows(input.detach()).to(ScalarType.Float32);
        var channels = (int)rows.shape[1];
        if (channelSum is null)
        {
            channelSum = new double[channels];
            channelSquares = new double[channels];
        }
        else if (channelSum.Length != channels)
        {
            throw new InvalidOperationException(
                $"The norm at '{layer.Path}' was called with {channels} channels after {channelSum.Length}; a probe records one width per layer.");
        }

        var wide = rows.to(ScalarType.Float64);
        Accumulate(channelSum, wide.sum(new long[] { 0 }));
        Accumulate(channelSquares!, wide.square().sum(new long[] { 0 }));
        calls++;
        tokens += rows.shape[0];

        var room = options.TokenStatisticsLimit - tokenMean.Count;
        if (room > 0)
        {
            var kept = wide.narrow(0, 0, Math.Min(room, rows.shape[0]));
            tokenMean.AddRange(kept.mean(new long[] { 1 }).to(ScalarType.Float32).data<float>());
            tokenStd.AddRange(kept.std(1, unbiased: false).to(ScalarType.Float32).data<float>());
        }

        var wanted = options.SampledTokens - sampledTokens;
        if (wanted > 0)
        {
            var take = (int)Math.Min(wanted, rows.shape[0]);
            var picked = linspace(0, rows.shape[0] - 1, take).round().to(ScalarType.Int64);
            var output = layer.OutputRows(rows, returned.detach());
            sampleInput.AddRange(rows.index_select(0, picked).data<float>());
            sampleOutput.AddRange(output.index_select(0, picked).data<float>());
            sampledTokens += take;
        }
    }

    public bool Saw => calls > 0;

    public NormLayerRecord ToRecord()
    {
        var channels = channelSum!.Length;
        var channelMean = new float[channels];
        var channelStd = new float[channels];
        double sum = 0, squares = 0;
        for (var c = 0; c < channels; c++)
        {
            var mean = channelSum[c] / tokens;
            channelMean[c] = (float)mean;
            channelStd[c] = (float)Math.Sqrt(Math.Max(0, channelSquares![c] / tokens - mean * mean));
            sum += channelSum[c];
            squares += channelSquares[c];
        }
        var count = (double)tokens * channels;
        var inputMean = sum / count;
        var inputStd = Math.Sqrt(Math.Max(0, squares / count - inputMean * inputMean));
        return new NormLayerRecord(
            layer.Path, layer.Module.GetType().Name, channels, layer.OutputBeforeAffine, calls, tokens,
            inputMean, inputStd, channelMean, channelStd, tokenMean.ToArray(), tokenStd.ToArray(),
            new TokenSample(sampledTokens, channels, sampleInput.ToArray(), sampleOutput.ToArray()),
            layer.Parameters().ToDictionary(p => p.Name, p => p.Values));
    }

    private static void Accumulate(double[] into, Tensor values)
    {
        var span = values.data<double>();
        for (var i = 0; i < into.Length; i++) into[i] += span[i];
    }
}
