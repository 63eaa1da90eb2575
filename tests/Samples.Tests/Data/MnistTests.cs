using System;
using System.IO;
using System.Linq;
using DyT.Samples.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Samples.Tests.Data;

/// <summary>Runs on the real digits that setup/bootstrap.sh fetched (the README's test command runs it first).</summary>
public class MnistTests
{
    [Fact]
    public void The_real_data_set_splits_into_8000_train_and_2000_test_images()
    {
        var (train, test) = Mnist.Load();

        Assert.Equal(new long[] { 8000, 1, 28, 28 }, train.Images.shape);
        Assert.Equal(new long[] { 2000 }, test.Labels.shape);
        Assert.Equal(ScalarType.Int64, train.Labels.dtype);
        Assert.Equal(0, train.Labels.min().item<long>());
        Assert.Equal(9, train.Labels.max().item<long>());
    }

    [Fact]
    public void The_split_partitions_every_digit_and_is_fixed_by_the_seed()
    {
        var (trainA, testA) = Mnist.Load(seed: 3);
        var (trainB, testB) = Mnist.Load(seed: 3);
        var (trainC, testC) = Mnist.Load(seed: 4);

        Assert.True(testA.Images.allclose(testB.Images, rtol: 0, atol: 0));
        Assert.True(trainA.Labels.equal(trainB.Labels).all().item<bool>());
        Assert.False(testA.Images.allclose(testC.Images, rtol: 0, atol: 0));
        // Every image lands in exactly one split: per-digit counts add up to the whole set, whatever the seed.
        var perDigit = cat(new[] { trainA.Labels, testA.Labels }).bincount(null).data<long>().ToArray();
        var perDigitOtherSeed = cat(new[] { trainC.Labels, testC.Labels }).bincount(null).data<long>().ToArray();
        Assert.Equal(10_000, perDigit.Sum());
        Assert.Equal(perDigit, perDigitOtherSeed);
    }

    [Fact]
    public void Images_are_normalized_to_about_zero_mean_and_unit_std()
    {
        var (train, _) = Mnist.Load();

        Assert.InRange(train.Images.mean().item<float>(), -0.1f, 0.1f);
        Assert.InRange(train.Images.std().item<float>(), 0.9f, 1.1f);
    }

    [Fact]
    public void Batches_cover_the_split_once_with_a_smaller_last_batch()
    {
        var (_, test) = Mnist.Load();

        var batches = test.Batches(300, seed: 1).ToList();

        Assert.Equal(7, batches.Count);
        Assert.Equal(7, test.BatchCount(300));
        Assert.Equal(200, batches[^1].Images.shape[0]);
        Assert.Equal(test.Labels.bincount(null).data<long>().ToArray(), cat(batches.Select(b => b.Labels).ToArray()).bincount(null).data<long>().ToArray());
    }

    [Fact]
    public void A_missing_folder_says_how_to_fetch_the_data()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(Path.Combine(Path.GetTempPath(), "no-such-mnist")));

        Assert.Contains("setup/bootstrap.sh", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_whole_images_is_rejected_with_its_size()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-bad").FullName;
        for (var digit = 0; digit < 10; digit++)
            File.WriteAllText(Path.Combine(folder, $"{digit}.json"), "{\"data\": [0, 0.5, 1]}");

        var error = Assert.Throws<InvalidDataException>(() => Mnist.Load(folder));

        Assert.Contains("holds 3 values; expected a positive multiple of 784", error.Message);
    }

    [Fact]
    public void A_test_count_outside_the_data_set_is_rejected() =>
        Assert.Equal("testCount", Assert.Throws<ArgumentOutOfRangeException>(() => Mnist.Load(testCount: 10_000)).ParamName);
}
