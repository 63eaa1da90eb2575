using System;
using System.Linq;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inspection;

/// <summary>The calibrated LayerNorm-to-DyT conversion: its rule on inputs of known std, and what it copies.</summary>
public class NormCalibrationTests
{
    [Theory]
    [InlineData(0.25)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Alpha_is_the_rule_over_the_std_of_Gaussian_inputs(double std)
    {
        var norm = ProbeTensors.LayerNormWithAffine(64, seed: 5);
        var weight = norm.weight.detach().clone();
        var bias = norm.bias!.detach().clone();
        var model = new NormOnly(norm);
        var batches = Enumerable.Range(0, 4).Select(i => ProbeTensors.Gaussian([8, 32, 64], std, seed: (ulong)(100 + i))).ToList();

        var converted = NormCalibration.ConvertLayerNormToDyT(model, batches);

        var layer = Assert.Single(converted);
        Assert.Equal("norm", layer.Path);
        Assert.Equal(std, layer.InputStd, std * 0.01);                      // 65,536 draws: the std within 1%
        Assert.Equal(AlphaRule.DefaultScale / layer.InputStd, layer.Alpha, 1e-9);
        Assert.Equal(AlphaRule.DefaultScale / std, layer.Alpha, AlphaRule.DefaultScale / std * 0.011);
        var dyt = Assert.IsType<DynamicTanh>(model.Norm);
        Assert.Equal(layer.Alpha, dyt.Alpha.item<float>(), 1e-5);
        Assert.True(ProbeTensors.BitwiseEqual(weight, dyt.Weight!), "DyT weight is not the LayerNorm's weight");
        Assert.True(ProbeTensors.BitwiseEqual(bias, dyt.Bias!), "DyT bias is not the LayerNorm's bias");
    }

    [Fact]
    public void The_Gaussian_match_minimises_the_squared_gap_between_tanh_and_the_normalized_value()
    {
        // E[(tanh(c z) - z)^2] for z ~ N(0, 1), by Simpson's rule over [-10, 10].
        static double Gap(double c)
        {
            const int steps = 20_000;
            const double h = 20.0 / steps;
            double sum = 0;
            for (var i = 0; i <= steps; i++)
            {
                var z = -10 + i * h;
                var f = Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI) * Math.Pow(Math.Tanh(c * z) - z, 2);
                sum += (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * f;
            }
            return sum * h / 3;
        }

        var best = Gap(AlphaRule.GaussianMatch);
        Assert.True(best < Gap(AlphaRule.GaussianMatch - 0.01) && best < Gap(AlphaRule.GaussianMatch + 0.01));
        Assert.Equal(0.162, best, 3);              // the values the rule's documentation quotes
        Assert.Equal(0.347, Gap(0.5), 3);
        Assert.Equal(0.183, Gap(1.0), 3);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(10.0)]
    public void Calibrated_DyT_stays_closer_to_the_LayerNorm_it_replaces_than_a_fixed_alpha_of_one_half(double std)
    {
        var inputs = Enumerable.Range(0, 2).Select(i => ProbeTensors.Gaussian([8, 16, 256], std, seed: (ulong)(200 + i))).ToList();
        double GapAfter(AlphaRule rule)
        {
            var model = new NormOnly(ProbeTensors.LayerNormWithAffine(256, seed: 9));
            using var noGrad = no_grad();
            var reference = inputs.Select(x => model.forward(x)).ToList();
            NormCalibration.ConvertLayerNormToDyT(model, inputs, rule);
            return inputs.Zip(reference, (x, y) => (model.forward(x) - y).square().mean().item<float>()).Average();
        }

        // Per element, E[(weight (tanh(alpha x) - x / std))^2]: 0.162 E[weight^2] for the calibrated alpha, whatever
        // the std; with alpha 0.5, 0.81 E[weight^2] at std 0.2 (tanh barely moves) and 0.27 at std 10 (it saturates).
        // E[weight^2] is 1.08 here (weights uniform in [0.5, 1.5]).
        var calibrated = GapAfter(AlphaRule.InverseStd(AlphaRule.GaussianMatch));
        var naive = GapAfter(AlphaRule.Fixed(0.5));
        Assert.InRange(calibrated, 0.162 * 1.08 * 0.9, 0.162 * 1.08 * 1.1);
        Assert.True(calibrated < naive * 0.7, $"calibrated gap {calibrated}, alpha 0.5 gap {naive}");
    }

    [Fact]
    public void CopyIntoDyT_moves_every_weight_of_a_generated_LayerNorm_ViT_and_sets_one_alpha_per_norm()
    {
        var source = new ProbeVitLayerNorm();
        var target = new ProbeVitDyT();
        var images = ProbeTensors.Gaussian([4, 1, 28, 28], 1.0, seed: 7);

        var converted = NormCalibration.CopyIntoDyT(source, target, [images]);

        Assert.Equal(new[] { "blocks.0.norm1", "blocks.0.norm2", "blocks.1.norm1", "blocks.1.norm2", "norm" }, converted.Select(c => c.Path));
        var from = source.state_dict();
        var to = target.state_dict();
        Assert.All(from, kv => Assert.True(ProbeTensors.BitwiseEqual(kv.Value, to[kv.Key]), kv.Key));
        Assert.Equal(from.Count + 5, to.Count);
        foreach (var layer in converted)
        {
            Assert.Equal(AlphaRule.DefaultScale / layer.InputStd, layer.Alpha, 1e-9);
            Assert.Equal(layer.Alpha, to[$"{layer.Path}.alpha"].item<float>(), 1e-5);
        }
    }

    [Fact]
    public void CopyIntoDyT_into_another_architecture_lists_the_differences_and_copies_nothing()
    {
        var source = new ProbeVitLayerNorm();
        var target = new Models.SmallVitRms();
        var before = target.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var error = Assert.Throws<ArgumentException>(() => NormCalibration.CopyIntoDyT(source, target, [zeros(1, 1, 28, 28)]));

        Assert.Contains("'blocks.0.norm1.bias' is missing", error.Message);
        Assert.Contains("expected a channels-last DynamicTanh", error.Message);
        Assert.All(before, kv => Assert.True(ProbeTensors.BitwiseEqual(kv.Value, target.state_dict()[kv.Key]), kv.Key));
    }

    [Fact]
    public void Calibration_needs_inputs_that_reach_every_LayerNorm()
    {
        var error = Assert.Throws<ArgumentException>(() => NormCalibration.ConvertLayerNormToDyT(new NormOnly(nn.LayerNorm(4)), []));
        Assert.Contains("No calibration inputs", error.Message);

        var hidden = Assert.Throws<ArgumentException>(() => NormCalibration.ConvertLayerNormToDyT(new ForwardOnly(), [ones(2, 4)]));
        Assert.Contains("never reached the LayerNorm(s) 'norm'", hidden.Message);
    }

    [Fact]
    public void A_constant_input_has_no_std_to_match_and_leaves_the_model_unchanged()
    {
        var model = new NormOnly(nn.LayerNorm(4));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NormCalibration.ConvertLayerNormToDyT(model, [ones(2, 4)]));
        Assert.Contains("inputStd", error.Message);
        Assert.IsType<TorchSharp.Modules.LayerNorm>(model.Norm);
    }

    [Fact]
    public void Rules_reject_scales_that_are_not_finite_and_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlphaRule.InverseStd(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlphaRule.Fixed(double.NaN));
        Assert.Equal(0.5, AlphaRule.Fixed(0.5).AlphaFor(123));
        Assert.Equal("alpha = 2 / std", AlphaRule.InverseStd().ToString());
        Assert.Equal("alpha = 1.4279 / std", AlphaRule.InverseStd(AlphaRule.GaussianMatch).ToString());
    }
}
