using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Inspection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>One LayerNorm turned into DyT by a calibrated conversion.</summary>
/// <param name="Path">Where the layer sits, as in state-dict keys.</param>
/// <param name="InputStd">Standard deviation of the LayerNorm's input over the calibration batches.</param>
/// <param name="Alpha">The alpha the new DyT layer got.</param>
public sealed record CalibratedNorm(string Path, double InputStd, double Alpha);

/// <summary>
/// Converts a trained LayerNorm model to DyT so that it keeps most of its accuracy before any fine-tuning: calibration
/// batches run through the trained model, a <see cref="NormProbe"/> measures the standard deviation of each
/// LayerNorm's input, and the DyT that replaces it gets <c>alpha</c> from that (by default <c>alpha = 2 / std</c>,
/// <see cref="AlphaRule.DefaultScale"/>) and the LayerNorm's own weight and bias.
/// </summary>
/// <remarks>
/// DyT's alpha tracks 1/std of its input during training (the paper's Figure 8), and a LayerNorm divides its input by
/// the input's std; a DyT with <c>alpha = c / std</c> therefore starts where the trained LayerNorm is, where the official
/// <c>convert_ln_to_dyt</c> (a fixed alpha of 0.5, weight 1, bias 0) starts from scratch. The calibration runs in
/// evaluation mode without gradients; the model's training mode is restored afterwards.
/// </remarks>
public static class NormCalibration
{
    /// <summary>
    /// Replaces every <c>LayerNorm</c> of <paramref name="model"/> in place (through
    /// <see cref="NormConversion.ConvertLayerNormToDyT"/>, so state-dict keys stay, plus one <c>alpha</c> per layer), with
    /// alpha from <paramref name="rule"/> and weight and bias copied from the LayerNorm.
    /// </summary>
    /// <param name="model">The trained model; changed in place. Its norms must sit where a DyT fits (see <see cref="NormConversion"/>).</param>
    /// <param name="calibrationInputs">Inputs to run through the model; every LayerNorm must see at least one.</param>
    /// <param name="rule">How alpha follows the input's std; <see cref="AlphaRule.InverseStd"/> with its default when null.</param>
    /// <returns>Each converted layer with the std it saw and the alpha it got, in the order the layers ran.</returns>
    public static IReadOnlyList<CalibratedNorm> ConvertLayerNormToDyT(nn.Module<Tensor, Tensor> model,
        IEnumerable<Tensor> calibrationInputs, AlphaRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var measured = Measure(model, calibrationInputs);
        try
        {
            var alphas = Alphas(measured, rule);
            NormConversion.ConvertLayerNormToDyT(model);
            var modules = model.named_modules().ToDictionary(entry => entry.name, entry => entry.module);
            return Apply(measured, alphas, path => (DynamicTanh)modules[path]);
        }
        finally
        {
            foreach (var layer in measured) layer.Dispose();
        }
    }

    /// <summary>
    /// Copies a trained LayerNorm model into <paramref name="dytModel"/>, the same architecture with DyT where the
    /// LayerNorms are (a generated model declared again with <c>Norm = NormKind.DyT</c>): every parameter and buffer by
    /// key, so each DyT takes its LayerNorm's weight and bias, and each DyT's alpha from <paramref name="rule"/>.
    /// Generated models hold their norms in fields of the norm's own type, so this is how a generated LayerNorm model
    /// converts. Everything is checked before anything is copied.
    /// </summary>
    /// <param name="layerNormModel">The trained model; not changed.</param>
    /// <param name="dytModel">Receives the weights; its keys must be the LayerNorm model's plus one <c>alpha</c> per LayerNorm.</param>
    /// <param name="calibrationInputs">Inputs to run through the LayerNorm model; every LayerNorm must see at least one.</param>
    /// <param name="rule">How alpha follows the input's std; <see cref="AlphaRule.InverseStd"/> with its default when null.</param>
    /// <returns>Each converted layer with the std it saw and the alpha it got, in the order the layers ran.</returns>
    /// <exception cref="ArgumentException">The two models do not match key for key; the message lists every difference.</exception>
    public static IReadOnlyList<CalibratedNorm> CopyIntoDyT(nn.Module<Tensor, Tensor> layerNormModel, nn.Module dytModel,
        IEnumerable<Tensor> calibrationInputs, AlphaRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(layerNormModel);
        ArgumentNullException.ThrowIfNull(dytModel);
        var targets = dytModel.named_modules().ToDictionary(entry => entry.name, entry => entry.module);
        var source = layerNormModel.state_dict();
        var target = dytModel.state_dict();
        var layerNormPaths = layerNormModel.named_modules().Where(entry => entry.module is LayerNorm).Select(entry => entry.name).ToList();
        var problems = Mismatches(source, target, layerNormPaths, targets);
        if (problems.Count > 0)
            throw new ArgumentException(
                $"{dytModel.GetType().Name} cannot take the weights of {layerNormModel.GetType().Name}: {string.Join("; ", problems)}.",
                nameof(dytModel));

        var measured = Measure(layerNormModel, calibrationInputs);
        try
        {
            var alphas = Alphas(measured, rule);
            using (no_grad())
            {
                foreach (var (key, value) in source) target[key].copy_(value);
            }
            return Apply(measured, alphas, path => (DynamicTanh)targets[path]);
        }
        finally
        {
            foreach (var layer in measured) layer.Dispose();
        }
    }

    private static List<string> Mismatches(Dictionary<string, Tensor> source, Dictionary<string, Tensor> target,
        List<string> layerNormPaths, Dictionary<string, nn.Module> targets)
    {
        var problems = new List<string>();
        foreach (var (key, value) in source)
        {
            if (!target.TryGetValue(key, out var twin)) problems.Add($"'{key}' is missing");
            else if (!twin.shape.SequenceEqual(value.shape))
                problems.Add($"'{key}' is ({string.Join(", ", twin.shape)}), the LayerNorm model's ({string.Join(", ", value.shape)})");
        }
        var alphaKeys = layerNormPaths.Select(path => $"{path}.alpha").ToHashSet();
        problems.AddRange(target.Keys.Where(key => !source.ContainsKey(key) && !alphaKeys.Contains(key)).Select(key => $"'{key}' is not in the LayerNorm model"));
        foreach (var path in layerNormPaths)
        {
            if (!targets.TryGetValue(path, out var module) || module is not DynamicTanh { Layout: ChannelLayout.Last })
                problems.Add($"'{path}' is a LayerNorm, but {(module is null ? "nothing" : $"a {module.GetType().Name}")} is there in the DyT model (expected a channels-last DynamicTanh)");
        }
        return problems;
    }

    /// <summary>Each LayerNorm's input std over the calibration inputs, with copies of its weight and bias.</summary>
    private static List<MeasuredNorm> Measure(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> calibrationInputs)
    {
        ArgumentNullException.ThrowIfNull(calibrationInputs);
        var layerNorms = model.named_modules().Where(entry => entry.module is LayerNorm).ToList();
        if (layerNorms.Count == 0)
            throw new ArgumentException($"{model.GetType().Name} holds no LayerNorm to convert.", nameof(model));

        var wasTraining = model.training;
        model.eval();
        NormRecording recording;
        var batches = 0;
        try
        {
            using var probe = NormProbe.Attach(model, new NormProbeOptions { SampledTokens = 0, TokenStatisticsLimit = 0 });
            using var noGrad = no_grad();
            recording = probe.Record(() =>
            {
                foreach (var input in calibrationInputs)
                {
                    using var scope = NewDisposeScope();
                    model.call(input);
                    batches++;
                }
            });
        }
        finally
        {
            model.train(wasTraining);
        }
        if (batches == 0) throw new ArgumentException("No calibration inputs were given; at least one batch is needed.", nameof(calibrationInputs));

        var ran = recording.Layers.Select(layer => layer.Path).ToHashSet();
        var missed = layerNorms.Where(entry => !ran.Contains(entry.name)).Select(entry => $"'{entry.name}'").ToList();
        if (missed.Count > 0)
            throw new ArgumentException(
                $"The calibration inputs never reached the LayerNorm(s) {string.Join(", ", missed)}, so there is no statistic to set their alpha from " +
                "(a norm is seen when its model runs it with call(), as TorchSharp's Sequential and generated models do; forward() bypasses hooks).",
                nameof(calibrationInputs));

        var byPath = layerNorms.ToDictionary(entry => entry.name, entry => (LayerNorm)entry.module);
        return recording.Layers.Where(layer => byPath.ContainsKey(layer.Path))
            .Select(layer => new MeasuredNorm(layer.Path, layer.InputStd, byPath[layer.Path].weight?.detach().clone(), byPath[layer.Path].bias?.detach().clone()))
            .ToList();
    }

    /// <summary>Every alpha, computed (and so checked) before anything in a model changes.</summary>
    private static List<double> Alphas(List<MeasuredNorm> measured, AlphaRule? rule)
    {
        rule ??= AlphaRule.InverseStd();
        return measured.Select(layer => rule.AlphaFor(layer.InputStd)).ToList();
    }

    private static List<CalibratedNorm> Apply(List<MeasuredNorm> measured, List<double> alphas, Func<string, DynamicTanh> dytAt)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < measured.Count; i++)
        {
            var layer = measured[i];
            var dyt = dytAt(layer.Path);
            dyt.Alpha.fill_(alphas[i]);
            if (layer.Weight is not null) dyt.Weight?.copy_(layer.Weight.reshape(-1));
            if (layer.Bias is not null) dyt.Bias?.copy_(layer.Bias.reshape(-1));
        }
        return measured.Select((layer, i) => new CalibratedNorm(layer.Path, layer.InputStd, alphas[i])).ToList();
    }

    private sealed record MeasuredNorm(string Path, double InputStd, Tensor? Weight, Tensor? Bias) : IDisposable
    {
        public void Dispose()
        {
            Weight?.Dispose();
            Bias?.Dispose();
        }
    }
}
