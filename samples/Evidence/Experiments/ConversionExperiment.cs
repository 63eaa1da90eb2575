using System.Collections.Generic;
using System.Linq;
using DyT.Norms;
using Evidence.Data;
using Evidence.Training;
using MnistVit;
using static TorchSharp.torch;

namespace Evidence.Experiments;

/// <summary>One way of turning the trained LayerNorm ViT into a DyT ViT, and how it does before and after fine-tuning.</summary>
internal sealed record ConversionRow(string Method, double AccuracyBefore, double AccuracyAfter, IReadOnlyList<CalibratedNorm> Layers);

/// <summary>What the conversion experiment measured.</summary>
internal sealed record ConversionOutcome(double LayerNormAccuracy, IReadOnlyList<ConversionRow> Rows, int FineTuneSteps);

/// <summary>
/// Converts the trained LayerNorm ViT to DyT four ways and tests each before and after the same short fine-tuning:
/// the official convert_ln_to_dyt (alpha 0.5, fresh weight and bias); alpha 0.5 with the LayerNorm's affine; the
/// calibrated rule alpha = 2 / std (the c trained DyT layers settle at, Figure 8); and alpha = 1.4279 / std, the c
/// that matches tanh to the normalized values of a Gaussian input.
/// </summary>
internal static class ConversionExperiment
{
    public static ConversionOutcome Run(EvidenceOptions options, nn.Module<Tensor, Tensor> layerNorm, DigitSet train, DigitSet test,
        ProgressBars bars)
    {
        var calibration = train.Take(System.Math.Min(train.Count, options.CalibrationBatches * options.CalibrationBatchSize))
            .Batches(options.CalibrationBatchSize).Select(batch => batch.Images).ToList();
        var fineTuneSet = train.Take(System.Math.Min(train.Count, options.FineTuneSteps * options.BatchSize));
        var fineTune = new TrainSettings(1, options.BatchSize, options.FineTuneLearningRate, Seed: 7);

        var methods = new (string Name, AlphaRule Rule, bool KeepAffine)[]
        {
            ("official convert_ln_to_dyt: alpha 0.5, weight 1, bias 0", AlphaRule.Fixed(0.5), false),
            ("alpha 0.5, LayerNorm's weight and bias", AlphaRule.Fixed(0.5), true),
            ($"calibrated: alpha = {AlphaRule.DefaultScale:0.####} / std (Figure 8's c), LayerNorm's weight and bias", AlphaRule.InverseStd(), true),
            ($"alpha = {AlphaRule.GaussianMatch:0.####} / std (Gaussian value match), LayerNorm's weight and bias", AlphaRule.InverseStd(AlphaRule.GaussianMatch), true),
        };
        var rows = new List<ConversionRow>();
        foreach (var (name, rule, keepAffine) in methods)
        {
            using var dyt = new MnistVitDyT();
            var layers = NormCalibration.CopyIntoDyT(layerNorm, dyt, calibration, rule);
            if (!keepAffine) ResetAffine(dyt);
            var before = Trainer.Evaluate(dyt, test);
            var step = bars.Start($"fine-tune {rows.Count + 1}/{methods.Length}", fineTuneSet.BatchCount(options.BatchSize));
            var after = Trainer.Train(dyt, fineTuneSet, test, fineTune, step).TestAccuracy;
            rows.Add(new ConversionRow(name, before, after, layers));
        }
        return new ConversionOutcome(Trainer.Evaluate(layerNorm, test), rows, fineTuneSet.BatchCount(options.BatchSize));
    }

    /// <summary>What the official conversion does: every new DyT starts with weight 1 and bias 0.</summary>
    private static void ResetAffine(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var dyt in model.modules().OfType<DynamicTanh>())
        {
            dyt.Weight?.fill_(1);
            dyt.Bias?.fill_(0);
        }
    }
}
