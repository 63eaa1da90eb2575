using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using LlamaText;

namespace DyT.Samples.Tests.LlamaText;

public class LossChartTests
{
    [Fact]
    public void The_chart_is_a_png_of_the_requested_size()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("chart").FullName, "loss.png");
        var curve = Enumerable.Range(1, 60).Select(s => new LossPoint(s, 5.5 - Math.Log(s))).ToArray();
        var run = new TrainingResult(1.5, 1000, 10, curve, [new LossPoint(30, 2.2), new LossPoint(60, 1.6)]);

        LossChart.Save(path, [("RMSNorm", run), ("DyT", run with { TrainCurve = curve.Select(p => p with { Loss = p.Loss + 0.1 }).ToArray() })], width: 640, height: 400);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4));
        Assert.True(bytes.Length > 5_000, $"a chart with two runs should not be a blank image; got {bytes.Length} bytes");
    }

    [Fact]
    public void The_training_curve_is_a_moving_mean()
    {
        var points = new[] { new LossPoint(1, 4), new LossPoint(2, 2), new LossPoint(3, 0), new LossPoint(4, 6) };

        var smoothed = LossChart.MovingMean(points, window: 2);

        Assert.Equal(new[] { new LossPoint(1, 4), new LossPoint(2, 3), new LossPoint(3, 1), new LossPoint(4, 3) }, smoothed);
    }

    [Fact]
    public void No_runs_is_an_error() =>
        Assert.Equal("runs", Assert.Throws<ArgumentException>(() => LossChart.Save(Path.GetTempFileName(), [])).ParamName);
}
