using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Checkpoints;
using DyT.Export;
using DyT.Samples.Data;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Export;

/// <summary>
/// The round trip: a .NET model exports its twin, weights and real MNIST shards; <c>torchrun
/// --nproc_per_node=2</c> trains it with DDP on CPU (gloo); then the loss has gone down, both ranks hold the same
/// weights bit for bit, .NET loads the result strictly, and its logits equal the twin's on the same images.
/// </summary>
[Collection(SeededTests.Name)] // seeds torch's generator for the .NET model's initial weights, so the figures repeat
public sealed class TwinRoundTripTests(ITestOutputHelper output)
{
    private const int Steps = 120;
    private const int ShardSize = 1024;

    [PythonTorchFact]
    public void Torchrun_trains_the_twin_with_two_ranks_and_dotnet_loads_the_result()
    {
        using var folder = new TempFolder();
        var (train, test) = Mnist.Load(testCount: 2000, seed: 0);
        using (train)
        using (test)
        using (var scope = NewDisposeScope())
        {
            torch.random.manual_seed(1);
            var model = new TwinMnistVit();
            var export = PyTorchTwin.Export(model, folder.PathOf("export"));
            for (var shard = 0; shard < 2; shard++)
                PyTorchTwin.WriteDataShard(model, Path.Combine(export.DataFolder, $"shard-{shard:D5}.safetensors"), new Dictionary<string, Tensor>
                {
                    ["images"] = train.Images.narrow(0, shard * ShardSize, ShardSize),
                    ["labels"] = train.Labels.narrow(0, shard * ShardSize, ShardSize),
                });
            var heldOut = (Images: test.Images.narrow(0, 500, 500), Labels: test.Labels.narrow(0, 500, 500));
            var lossBefore = HeldOutLoss(model, heldOut.Images, heldOut.Labels);

            var (torchrun, prefix) = PythonTorch.Torchrun();
            // "--redirects 2 --tee 2": torchrun 1.13 on Python 3.11 (Debian 12) cannot parse its own default of 0 for
            // either (Std.from_str returns None: "'NoneType' object has no attribute 'get'"); 2 tees stderr and works everywhere.
            var clock = Stopwatch.StartNew();
            var (code, log) = PythonTorch.Run(torchrun,
                [.. prefix, "--standalone", "--nproc_per_node=2", "--redirects", "2", "--tee", "2", export.TrainingScript, "--data", export.DataFolder, "--out", export.TrainedFolder,
                 "--steps", Steps.ToString(), "--batch-size", "32", "--lr", "3e-3", "--warmup", "10", "--seed", "0", "--save-rank-states", "--log-every", "20"],
                TimeSpan.FromMinutes(5));
            output.WriteLine($"torchrun --nproc_per_node=2 ({clock.Elapsed.TotalSeconds:F1} s, exit {code}):\n{log}");
            Assert.True(code == 0, $"torchrun failed with {code}:\n{log}");

            // The loss went down over the run (train.py's global-batch losses) ...
            using var trainLog = JsonDocument.Parse(File.ReadAllText(Path.Combine(export.TrainedFolder, "train_log.json")));
            var losses = trainLog.RootElement.GetProperty("losses").EnumerateArray().Select(l => l.GetDouble()).ToArray();
            Assert.Equal(Steps, losses.Length);
            Assert.Equal(2, trainLog.RootElement.GetProperty("world_size").GetInt32());
            Assert.Equal("DDP", trainLog.RootElement.GetProperty("strategy").GetString());
            Assert.Equal("gloo", trainLog.RootElement.GetProperty("backend").GetString());
            double first = losses.Take(5).Average(), last = losses.TakeLast(5).Average();
            // A tiny ViT on 2,048 digits for 120 steps: from chance (ln 10 = 2.30) to about 1.8; 0.3 is far beyond batch noise.
            Assert.True(last < first - 0.3, $"the training loss went from {first:F4} (mean of the first 5 steps) to {last:F4} (the last 5)");

            // ... both ranks ended with the same weights, bit for bit ...
            var rank0 = Safetensors.Load(Path.Combine(export.TrainedFolder, "rank-0.safetensors"));
            var rank1 = Safetensors.Load(Path.Combine(export.TrainedFolder, "rank-1.safetensors"));
            Assert.Equal(rank0.Keys.Order(), rank1.Keys.Order());
            foreach (var (key, value) in rank0) Assert.True(rank1[key].SameAs(value), $"{key} differs between rank 0 and rank 1");

            // ... .NET loads the result strictly, and the trained model is better on digits it never saw ...
            var trained = new TwinMnistVit();
            trained.LoadTwinCheckpoint(export.TrainedFolder);
            trained.eval();
            var lossAfter = HeldOutLoss(trained, heldOut.Images, heldOut.Labels);
            Assert.True(lossAfter < lossBefore - 0.3, $"held-out cross-entropy went from {lossBefore:F4} to {lossAfter:F4}");

            // ... and its logits equal the twin's on the same images.
            var images = test.Images.narrow(0, 0, 16);
            Tensor logits;
            using (no_grad()) logits = trained.call(images);
            Safetensors.Save(new Dictionary<string, Tensor> { ["input"] = images }, folder.PathOf("inputs.safetensors"));
            var manifest = folder.PathOf("manifest.json");
            File.WriteAllText(manifest, JsonSerializer.Serialize(new
            {
                cases = new[]
                {
                    new
                    {
                        folder = export.Folder,
                        weights = Path.Combine(export.TrainedFolder, PyTorchTwin.WeightsFile),
                        inputs = folder.PathOf("inputs.safetensors"),
                        output = folder.PathOf("twin_logits.safetensors"),
                    },
                },
            }));
            var (checkCode, checkLog) = PythonTorch.Run([Path.Combine(AppContext.BaseDirectory, "Export", "twin_check.py"), manifest], TimeSpan.FromMinutes(2));
            Assert.True(checkCode == 0, $"twin_check.py failed with {checkCode}:\n{checkLog}");
            var twinLogits = Safetensors.Load(folder.PathOf("twin_logits.safetensors"))["output"];
            var error = (twinLogits.to(ScalarType.Float64) - logits.to(ScalarType.Float64)).abs().max().item<double>();
            output.WriteLine($"loss {losses[0]:F4} -> {losses[^1]:F4} over {Steps} steps (first 5 {first:F4}, last 5 {last:F4}); " +
                $"held-out cross-entropy {lossBefore:F4} -> {lossAfter:F4}; ranks identical; .NET vs twin logits max abs error {error:E2}");
            TensorAssert.Close(logits, twinLogits, 1e-5, what: "the trained .NET model's logits against the twin's");
        }
    }

    private static double HeldOutLoss(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        model.eval();
        using var _ = no_grad();
        using var loss = nn.functional.cross_entropy(model.call(images), labels);
        return loss.item<float>();
    }
}
