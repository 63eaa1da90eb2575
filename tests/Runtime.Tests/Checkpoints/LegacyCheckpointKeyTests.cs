using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// The loaders know no module type: any module that implements <see cref="ILegacyCheckpointKeys"/> declares the
/// keys it accepts without a tensor and judges their stored values, wherever it sits in the model.
/// </summary>
public class LegacyCheckpointKeyTests
{
    /// <summary>
    /// A linear layer whose output scale was a stored tensor in older checkpoints ("scale") and is a constant now:
    /// it accepts the key when every stored value is that constant.
    /// </summary>
    private sealed class ScaledLinear : nn.Module<Tensor, Tensor>, ILegacyCheckpointKeys
    {
        public const double Scale = 2.0;
#pragma warning disable IDE1006 // Field names are the state-dict keys.
        private readonly Linear proj = nn.Linear(3, 3);
#pragma warning restore IDE1006

        public ScaledLinear() : base(nameof(ScaledLinear)) => RegisterComponents();

        public List<string> Asked { get; } = [];

        public IReadOnlyCollection<string> LegacyKeys => ["scale"];

        public LegacyKeyMismatch? CheckLegacyKey(string key, Tensor stored)
        {
            Asked.Add(key);
            return stored.eq(Scale).all().item<bool>() ? null : new LegacyKeyMismatch($"scale {Scale}", $"scale {stored.max().item<float>()}");
        }

        public override Tensor forward(Tensor x) => proj.forward(x) * Scale;
    }

    /// <summary>A model with the declaring layer at "block" and a plain layer at "head"; the model itself declares "version".</summary>
    private sealed class Model : nn.Module<Tensor, Tensor>, ILegacyCheckpointKeys
    {
#pragma warning disable IDE1006
        private readonly ScaledLinear block = new();
        private readonly Linear head = nn.Linear(3, 2);
#pragma warning restore IDE1006

        public Model() : base(nameof(Model)) => RegisterComponents();

        public ScaledLinear Block => block;

        public IReadOnlyCollection<string> LegacyKeys => ["version"];

        public LegacyKeyMismatch? CheckLegacyKey(string key, Tensor stored) =>
            stored.item<long>() == 1 ? null : new LegacyKeyMismatch("version 1", $"version {stored.item<long>()}");

        public override Tensor forward(Tensor x) => head.forward(block.forward(x));
    }

    private static Dictionary<string, Tensor> Checkpoint(double scale, long version = 1)
    {
        var checkpoint = new Model().state_dict().ToDictionary(p => p.Key, p => randn_like(p.Value));
        checkpoint["block.scale"] = full(3, scale);
        checkpoint["version"] = tensor(version);
        return checkpoint;
    }

    // block.* (the legacy block.scale among them) in the second shard, the rest (the model's legacy "version") in the first.
    private static string WriteShards(ShardFolder folder, Dictionary<string, Tensor> state) =>
        folder.WriteShards(state, key => key.StartsWith("block.", StringComparison.Ordinal) ? ShardedCheckpointTests.Second : ShardedCheckpointTests.First);

    private static void AssertLoaded(nn.Module model, IReadOnlyDictionary<string, Tensor> checkpoint)
    {
        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(checkpoint[key]), $"{key} was not loaded");
    }

    [Fact]
    public void Keys_a_module_and_the_model_declare_are_asked_about_under_their_own_names_and_skipped()
    {
        var checkpoint = Checkpoint(ScaledLinear.Scale);
        var model = new Model();

        model.LoadStateDict(checkpoint);

        AssertLoaded(model, checkpoint);
        Assert.Equal(["scale"], model.Block.Asked);
    }

    [Fact]
    public void Values_the_declaring_module_disagrees_with_are_misvalued_in_its_words_and_nothing_loads()
    {
        var model = new Model();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var error = Assert.Throws<CheckpointMismatchException>(() => model.LoadStateDict(Checkpoint(scale: 3.0, version: 2)));

        Assert.Equal(
            [new ValueMismatch("block.scale", "scale 2", "scale 3"), new ValueMismatch("version", "version 1", "version 2")],
            error.Misvalued);
        Assert.Empty(error.Unexpected);
        foreach (var (key, value) in model.state_dict()) Assert.True(value.SameAs(before[key]), $"{key} changed");
    }

    [Fact]
    public void The_same_key_under_a_module_that_does_not_declare_it_stays_unexpected()
    {
        var checkpoint = Checkpoint(ScaledLinear.Scale);
        checkpoint["head.scale"] = full(3, ScaledLinear.Scale);
        var model = new Model();

        var error = Assert.Throws<CheckpointMismatchException>(() => model.LoadStateDict(checkpoint));

        Assert.Equal(["head.scale"], error.Unexpected);
        Assert.Empty(error.Misvalued);
    }

    [Fact]
    public void A_sharded_safetensors_checkpoint_asks_the_declaring_module_about_a_key_in_any_shard()
    {
        using var goodFolder = new ShardFolder();
        using var badFolder = new ShardFolder();
        var good = Checkpoint(ScaledLinear.Scale);
        var model = new Model();

        model.LoadSafetensors(WriteShards(goodFolder, good));

        AssertLoaded(model, good);
        Assert.Equal(["scale"], model.Block.Asked);

        var error = Assert.Throws<CheckpointMismatchException>(() => new Model().LoadSafetensors(WriteShards(badFolder, Checkpoint(scale: 0.5))));
        Assert.Equal(new ValueMismatch("block.scale", "scale 2", "scale 0.5"), Assert.Single(error.Misvalued));
    }
}
