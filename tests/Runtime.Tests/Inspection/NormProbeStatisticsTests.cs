using System;
using System.Linq;
using DyT.Inspection;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inspection;

/// <summary>The probe's statistics and samples against the same numbers computed by hand in plain C# loops.</summary>
public class NormProbeStatisticsTests
{
    // Three tokens of four channels, twice (two batches), with different scales so that every statistic differs.
    private static readonly float[][] TokensA = [[1, 2, 3, 10], [-4, 0, 4, 8], [0.5f, 0.5f, 0.5f, 2.5f]];
    private static readonly float[][] TokensB = [[3, -1, 2, 0], [7, 7, -7, 1], [2, 4, 6, 8]];

    private static Tensor AsBatch(float[][] tokens) =>
        tensor(tokens.SelectMany(t => t).ToArray(), new long[] { 1, tokens.Length, tokens[0].Length });

    private static (double Mean, double Std) MeanStd(double[] values)
    {
        var mean = values.Average();
        return (mean, Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average()));
    }

    [Fact]
    public void LayerNorm_statistics_and_pre_affine_samples_match_hand_computation()
    {
        const double eps = 1e-6;
        var model = new NormOnly(ProbeTensors.LayerNormWithAffine(4, seed: 3));
        using var probe = NormProbe.Attach(model);
        var recording = probe.Record(() =>
        {
            model.forward(AsBatch(TokensA));
            model.forward(AsBatch(TokensB));
        });

        var layer = Assert.Single(recording.Layers);
        Assert.Equal("norm", layer.Path);
        Assert.Equal("LayerNorm", layer.LayerType);
        Assert.True(layer.OutputBeforeAffine);
        Assert.Equal(2, layer.Calls);
        Assert.Equal(6, layer.Tokens);
        Assert.Equal(4, layer.Channels);

        var all = TokensA.Concat(TokensB).ToArray();
        var (mean, std) = MeanStd(all.SelectMany(t => t.Select(v => (double)v)).ToArray());
        Assert.Equal(mean, layer.InputMean, 9);
        Assert.Equal(std, layer.InputStd, 9);
        for (var c = 0; c < 4; c++)
        {
            var (channelMean, channelStd) = MeanStd(all.Select(t => (double)t[c]).ToArray());
            Assert.Equal(channelMean, layer.ChannelMean[c], 5);
            Assert.Equal(channelStd, layer.ChannelStd[c], 5);
        }
        Assert.Equal(6, layer.TokenMean.Length);
        for (var t = 0; t < 6; t++)
        {
            var (tokenMean, tokenStd) = MeanStd(all[t].Select(v => (double)v).ToArray());
            Assert.Equal(tokenMean, layer.TokenMean[t], 5);
            Assert.Equal(tokenStd, layer.TokenStd[t], 5);

            // The sample holds every token (256 wanted, 6 seen), and the output is LayerNorm's before weight and bias.
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(all[t][c], layer.Sample.Input[t * 4 + c]);
                Assert.Equal((all[t][c] - tokenMean) / Math.Sqrt(tokenStd * tokenStd + eps), layer.Sample.Output[t * 4 + c], 5);
            }
        }
        Assert.Equal(6, layer.Sample.Tokens);
        Assert.Equal(new[] { "bias", "weight" }, layer.Parameters.Keys.Order());
        Assert.Null(layer.Alpha);
    }

    [Fact]
    public void Sample_is_capped_and_evenly_spaced_and_token_statistics_stop_at_their_limit()
    {
        var model = new NormOnly(nn.LayerNorm(4));
        using var probe = NormProbe.Attach(model, new NormProbeOptions { SampledTokens = 2, TokenStatisticsLimit = 4 });
        var layer = probe.Record(() =>
        {
            model.forward(AsBatch(TokensA));
            model.forward(AsBatch(TokensB));
        }).Layers.Single();

        Assert.Equal(2, layer.Sample.Tokens);
        Assert.Equal(TokensA[0], layer.Sample.Input[..4]);   // first and last token of the first call
        Assert.Equal(TokensA[2], layer.Sample.Input[4..]);
        Assert.Equal(4, layer.TokenMean.Length);             // three tokens of the first call, one of the second
        Assert.Equal(TokensB[0].Average(), layer.TokenMean[3], 5);
        Assert.Equal(6, layer.Tokens);                       // statistics still count every token
    }

    [Fact]
    public void DyT_channels_first_reads_each_pixel_as_a_token_and_records_tanh_of_alpha_x()
    {
        var dyt = new DynamicTanh(2, alphaInit: 0.7, layout: ChannelLayout.First);
        var model = new NormOnly(dyt);
        // (B=1, C=2, H=1, W=3): channel 0 is 1, 2, 3; channel 1 is -2, 0, 5.
        var input = tensor(new float[] { 1, 2, 3, -2, 0, 5 }, new long[] { 1, 2, 1, 3 });
        using var probe = NormProbe.Attach(model);
        var layer = probe.Record(() => model.forward(input)).Layers.Single();

        Assert.Equal(3, layer.Tokens);
        Assert.Equal(new[] { 1f, -2f, 2f, 0f, 3f, 5f }, layer.Sample.Input);
        Assert.Equal(2.0, layer.ChannelMean[0], 6);
        Assert.Equal(1.0, layer.ChannelMean[1], 6);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), layer.ChannelStd[0], 5);
        Assert.Equal(Math.Sqrt(26.0 / 3.0), layer.ChannelStd[1], 5);
        for (var i = 0; i < 6; i++)
            Assert.Equal(Math.Tanh(0.7 * layer.Sample.Input[i]), layer.Sample.Output[i], 5);
        Assert.Equal(0.7, layer.Alpha!.Value, 6);
    }

    [Fact]
    public void RmsNorm_and_Derf_samples_are_their_outputs_before_the_affine()
    {
        var rms = new RmsNorm(4);
        var derf = new Derf(4, alphaInit: 0.3, shiftInit: 0.2);
        using (no_grad())
        {
            rms.Weight.fill_(3);
            derf.get_parameter("weight")!.fill_(-2);
        }
        var input = AsBatch(TokensA);
        foreach (var (norm, expected) in new (nn.Module<Tensor, Tensor>, Func<float[], int, double>)[]
                 {
                     (rms, (token, c) => token[c] / Math.Sqrt(token.Average(v => (double)v * v) + RmsNorm.DefaultEps)),
                     (derf, (token, c) => Erf(0.3 * token[c] + 0.2)),
                 })
        {
            var model = new NormOnly(norm);
            using var probe = NormProbe.Attach(model);
            var layer = probe.Record(() => model.forward(input)).Layers.Single();
            for (var t = 0; t < 3; t++)
                for (var c = 0; c < 4; c++)
                    Assert.Equal(expected(TokensA[t], c), layer.Sample.Output[t * 4 + c], 5);
        }
    }

    [Fact]
    public void Records_follow_the_order_the_layers_ran_and_name_them_by_state_dict_path()
    {
        var model = new ProbeVitLayerNorm();
        using var probe = NormProbe.Attach(model);
        Assert.Equal(new[] { "blocks.0.norm1", "blocks.0.norm2", "blocks.1.norm1", "blocks.1.norm2", "norm" }, probe.LayerPaths);
        var recording = probe.Record(() => model.forward(zeros(2, 1, 28, 28)));
        Assert.Equal(probe.LayerPaths, recording.Layers.Select(layer => layer.Path));
        Assert.All(recording.Layers, layer => Assert.Equal(2 * 17, layer.Tokens)); // 16 patches and the class token
        Assert.Equal(32, recording["norm"].Channels);
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => recording["blocks.9.norm1"]);
    }

    /// <summary>erf by Simpson's rule on its integral (.NET has no erf).</summary>
    private static double Erf(double x)
    {
        const int steps = 2000;
        var h = x / steps;
        var sum = 1 + Math.Exp(-x * x);
        for (var i = 1; i < steps; i++) sum += (i % 2 == 1 ? 4 : 2) * Math.Exp(-(i * h) * (i * h));
        return 2 / Math.Sqrt(Math.PI) * sum * h / 3;
    }
}
