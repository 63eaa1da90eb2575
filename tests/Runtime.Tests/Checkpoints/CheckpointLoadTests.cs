using System.Collections.Generic;
using System.Linq;
using DyT.Checkpoints;
using DyT.Norms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

public class CheckpointLoadTests
{
    /// <summary>Parameters of three kinds of layer plus BatchNorm's buffers, including its int64 step counter.</summary>
    private sealed class Tiny : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // Field names are the state-dict keys.
        private readonly Linear proj = nn.Linear(4, 3);
        private readonly DynamicTanh norm = new(3, alphaInit: 0.7);
        private readonly BatchNorm2d bn = nn.BatchNorm2d(3);
#pragma warning restore IDE1006

        public Tiny() : base(nameof(Tiny)) => RegisterComponents();

        public override Tensor forward(Tensor x) => norm.forward(proj.forward(x));
    }

    private static Dictionary<string, Tensor> RandomCheckpoint() =>
        new Tiny().state_dict().ToDictionary(p => p.Key, p => p.Value.dtype == ScalarType.Int64 ? p.Value.clone() : randn_like(p.Value));

    [Fact]
    public void A_matching_checkpoint_replaces_every_parameter_and_buffer()
    {
        var checkpoint = RandomCheckpoint();
        checkpoint["bn.num_batches_tracked"] = tensor(9L);
        var model = new Tiny();

        model.LoadStateDict(checkpoint);

        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(checkpoint[key]), $"{key} was not loaded");
    }

    [Fact]
    public void One_message_names_every_missing_unexpected_and_misshaped_key_and_nothing_is_loaded()
    {
        var checkpoint = RandomCheckpoint();
        checkpoint.Remove("norm.alpha");
        checkpoint.Remove("bn.running_var");
        checkpoint["norm.gamma"] = ones(3);
        checkpoint["proj.weight"] = ones(3, 5);
        checkpoint["norm.bias"] = ones(1, 3);
        var model = new Tiny();
        var before = model.state_dict()["proj.bias"].clone();

        var error = Assert.Throws<CheckpointMismatchException>(() => model.LoadStateDict(checkpoint, "tiny.safetensors"));

        Assert.Equal(new[] { "bn.running_var", "norm.alpha" }, error.Missing);
        Assert.Equal(new[] { "norm.gamma" }, error.Unexpected);
        Assert.Equal(new[] { "norm.bias", "proj.weight" }, error.Misshaped.Select(m => m.Key));
        Assert.Contains("Checkpoint tiny.safetensors does not match Tiny: 2 missing, 1 unexpected, 2 misshaped, 0 mistyped key(s)", error.Message);
        Assert.Contains("\n  bn.running_var\n  norm.alpha", error.Message);
        Assert.Contains("\n  norm.gamma", error.Message);
        Assert.Contains("norm.bias: expected (3), got (1, 3)", error.Message);
        Assert.Contains("proj.weight: expected (3, 4), got (3, 5)", error.Message);
        Assert.True(before.SameAs(model.state_dict()["proj.bias"]), "a failed load must not change the model");
    }

    [Fact]
    public void Tensors_copy_could_not_read_are_named_before_anything_is_copied()
    {
        // Right names, shapes and dtypes, so only the data can fail, and BatchNorm's buffers come after proj and norm
        // in the state dict: a load that copied key by key would already have overwritten those.
        var checkpoint = RandomCheckpoint();
        checkpoint["bn.running_var"] = empty([3], device: new Device(DeviceType.META));
        checkpoint["bn.running_mean"] = ones(3).to_sparse();
        var model = new Tiny();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var error = Assert.Throws<CheckpointMismatchException>(() => model.LoadStateDict(checkpoint, "tiny"));

        Assert.Equal(new[] { "bn.running_mean", "bn.running_var" }, error.Misvalued.Select(m => m.Key).Order());
        Assert.Contains("bn.running_var: expected a tensor holding data, got a meta tensor (shape and dtype only, no data)", error.Message);
        Assert.Contains("bn.running_mean: expected a dense tensor, got a sparse tensor", error.Message);
        foreach (var (key, value) in model.state_dict())
            Assert.True(value.SameAs(before[key]), $"{key} changed although the load failed");
    }

    [Fact]
    public void A_float_tensor_for_an_integer_buffer_is_named_with_both_dtypes()
    {
        var checkpoint = RandomCheckpoint();
        checkpoint["bn.num_batches_tracked"] = tensor(3.5f);

        var error = Assert.Throws<CheckpointMismatchException>(() => new Tiny().LoadStateDict(checkpoint));

        Assert.Equal("bn.num_batches_tracked", Assert.Single(error.Mistyped).Key);
        Assert.Contains("bn.num_batches_tracked: expected Int64, got Float32", error.Message);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float64)]
    public void Half_and_double_checkpoints_load_into_a_float32_model(ScalarType stored)
    {
        var checkpoint = RandomCheckpoint().ToDictionary(p => p.Key, p => p.Value.is_floating_point() ? p.Value.to(stored) : p.Value);
        var model = new Tiny();

        model.LoadStateDict(checkpoint);

        var weight = model.state_dict()["proj.weight"];
        Assert.Equal(ScalarType.Float32, weight.dtype);
        Assert.True(weight.SameAs(checkpoint["proj.weight"].to(ScalarType.Float32)), $"{stored} values must widen exactly");
    }

    [Fact]
    public void A_saved_model_loads_into_a_fresh_one_unchanged()
    {
        var original = new Tiny();
        original.LoadStateDict(RandomCheckpoint());
        using var file = new TempFile();

        original.SaveSafetensors(file.Path);
        var copy = new Tiny();
        copy.LoadSafetensors(file.Path);

        foreach (var (key, value) in original.state_dict())
            Assert.True(value.SameAs(copy.state_dict()[key]), $"{key} differs after save and load");
        using var input = randn(2, 4);
        Assert.True(original.forward(input).SameAs(copy.forward(input)));
    }

    [Fact]
    public void Saving_as_bfloat16_converts_floats_and_keeps_integer_buffers()
    {
        var model = new Tiny();
        model.LoadStateDict(RandomCheckpoint());
        using var file = new TempFile();

        model.SaveSafetensors(file.Path, ScalarType.BFloat16);
        var stored = Safetensors.Load(file.Path);

        Assert.Equal(ScalarType.BFloat16, stored["proj.weight"].dtype);
        Assert.Equal(ScalarType.Int64, stored["bn.num_batches_tracked"].dtype);
        Assert.True(stored["proj.weight"].SameAs(model.state_dict()["proj.weight"].to(ScalarType.BFloat16)));
    }

    [Fact]
    public void Loading_a_file_with_the_wrong_keys_names_the_file()
    {
        using var file = new TempFile();
        Safetensors.Save(new Dictionary<string, Tensor> { ["other"] = ones(1) }, file.Path);

        var error = Assert.Throws<CheckpointMismatchException>(() => new Tiny().LoadSafetensors(file.Path));

        Assert.Contains($"Checkpoint {file.Path} does not match Tiny", error.Message);
        Assert.Equal(10, error.Missing.Count);
    }
}
