using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using DyT.Checkpoints;
using DyT.Declarations;
using DyT.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Export;

/// <summary>The export folder, its config.json, and the bad inputs: another model's folder, another declaration, disagreeing ranks.</summary>
public class TwinExportTests
{
    [Fact]
    public void Export_writes_the_twin_the_declaration_the_weights_and_the_training_script()
    {
        using var folder = new TempFolder();
        var model = new TwinLlamaDyT();

        var export = PyTorchTwin.Export(model, folder.Root);

        Assert.Equal(folder.Root, export.Folder);
        Assert.Equal($"torchrun --standalone --nproc_per_node=8 \"{export.TrainingScript}\" --data \"{export.DataFolder}\" --out \"{export.TrainedFolder}\" --steps 100",
            export.TorchrunCommand(8, 100));
        Assert.Equal(TwinLlamaDyT.PyTorchTwin, File.ReadAllText(export.ModelSource));
        Assert.Contains("class TwinLlamaDyT(nn.Module):", File.ReadAllText(export.ModelSource));
        Assert.Contains("torchrun", File.ReadAllText(export.TrainingScript));
        Assert.Contains("def load(path):", File.ReadAllText(Path.Combine(export.Folder, PyTorchTwin.HelperFile)));
        using var config = JsonDocument.Parse(File.ReadAllText(export.Config));
        var twin = config.RootElement.GetProperty("dyt_twin");
        Assert.Equal(1, twin.GetProperty("format_version").GetInt32());
        Assert.Equal("Llama", twin.GetProperty("family").GetString());
        Assert.Equal("TwinLlamaDyT", twin.GetProperty("model").GetString());
        Assert.Equal("TwinLlamaDyT", twin.GetProperty("python_class").GetString());
        Assert.Equal("float32", twin.GetProperty("dtype").GetString());
        var declaration = twin.GetProperty("declaration");
        Assert.Equal(TwinLlamaDyT.ParameterCount, declaration.GetProperty("ParameterCount").GetInt64());
        Assert.Equal(2, declaration.GetProperty("KvHeads").GetInt32());
        Assert.Equal("DyT", declaration.GetProperty("Norm").GetString());
        Assert.Equal(0.8, declaration.GetProperty("AlphaInitAttention").GetDouble());
        Assert.Equal(0.3, declaration.GetProperty("AlphaInitFinal").GetDouble());
        Assert.True(declaration.GetProperty("EmbedScale").GetBoolean());
        Assert.Equal("next_token", twin.GetProperty("data").GetProperty("objective").GetString());
        Assert.Equal(["tokens"], twin.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));

        var copy = new TwinLlamaDyT();
        copy.LoadTwinCheckpoint(export.Folder);
        var saved = model.state_dict();
        foreach (var (key, value) in copy.state_dict()) Assert.True(value.SameAs(saved[key]), $"{key} did not round-trip");
    }

    [Fact]
    public void Every_declared_value_is_in_config_json()
    {
        ModelDeclaration[] declarations =
            [TwinVitDyT.Declaration, TwinLlamaDyT.Declaration, TwinDitDyT.Declaration, TwinConvNextDyT.Declaration, TwinResNetBatchNorm.Declaration];
        foreach (var declaration in declarations)
        {
            var properties = declaration.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);
            var written = TwinConfig.Canonical(declaration).Keys;
            Assert.Equal(properties.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Exporting_the_same_model_again_updates_its_folder()
    {
        using var folder = new TempFolder();
        var model = new TwinMnistVit();
        PyTorchTwin.Export(model, folder.Root);
        ModelRandomizer.Randomize(model, seed: 1);

        PyTorchTwin.Export(model, folder.Root);

        var copy = new TwinMnistVit();
        copy.LoadTwinCheckpoint(folder.Root);
        Assert.True(copy.state_dict()["blocks.0.norm1.alpha"].SameAs(model.state_dict()["blocks.0.norm1.alpha"]));
    }

    [Fact]
    public void Exporting_into_a_folder_holding_another_models_export_names_the_model_and_the_keys_and_writes_nothing()
    {
        using var folder = new TempFolder();
        PyTorchTwin.Export(new TwinMnistVit(), folder.Root);
        var before = Directory.GetFiles(folder.Root).ToDictionary(f => f, File.ReadAllBytes);

        var deeper = Assert.Throws<TwinMismatchException>(() => PyTorchTwin.Export(new TwinMnistVitDeeper(), folder.Root));
        var convNext = Assert.Throws<TwinMismatchException>(() => PyTorchTwin.Export(new TwinConvNextDyT(), folder.Root));

        Assert.Equal("ViT 'TwinMnistVitDeeper'", deeper.Model);
        Assert.Contains("the folder holds the export of ViT 'TwinMnistVit', not of ViT 'TwinMnistVitDeeper'", deeper.Message);
        Assert.Contains(new TwinDifference("dyt_twin.declaration.Depth", "3", "2"), deeper.Differences);
        Assert.Contains(new TwinDifference("dyt_twin.declaration.ModelName", "'TwinMnistVitDeeper'", "'TwinMnistVit'"), deeper.Differences);
        Assert.Contains(new TwinDifference("dyt_twin.declaration.Family", "'ConvNeXt'", "'ViT'"), convNext.Differences);
        Assert.Contains("dyt_twin.declaration.Dims: expected [8, 16, 24, 32], got (missing)", convNext.Message);
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void Exporting_into_a_folder_with_unclaimed_model_files_names_them()
    {
        using var folder = new TempFolder();
        new TwinMnistVit().SaveSafetensors(folder.PathOf(PyTorchTwin.WeightsFile));

        var error = Assert.Throws<TwinMismatchException>(() => PyTorchTwin.Export(new TwinMnistVit(), folder.Root));

        Assert.Equal("model.safetensors", Assert.Single(error.Differences).Key);
        Assert.Contains("no config.json says they are its", error.Message);
        Assert.False(File.Exists(folder.PathOf(PyTorchTwin.ModelSourceFile)));
    }

    [Fact]
    public void Exporting_into_a_path_that_is_a_file_names_the_folder_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var file = folder.PathOf("not-a-folder");
        File.WriteAllText(file, "mine");

        var error = Assert.Throws<ArgumentException>(() => PyTorchTwin.Export(new TwinMnistVit(), file));

        Assert.Equal("folder", error.ParamName);
        Assert.Contains($"{file} is a file", error.Message);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void The_torchrun_command_refuses_counts_below_one_naming_them()
    {
        var export = new TwinExport("/tmp/twin");

        var processes = Assert.Throws<ArgumentOutOfRangeException>(() => export.TorchrunCommand(0, 100));
        var steps = Assert.Throws<ArgumentOutOfRangeException>(() => export.TorchrunCommand(2, -1));

        Assert.Equal("processes", processes.ParamName);
        Assert.Contains("processes must be >= 1; got 0", processes.Message);
        Assert.Equal("steps", steps.ParamName);
        Assert.Contains("steps must be >= 1; got -1", steps.Message);
    }

    [Fact]
    public void The_torchrun_command_quotes_paths_with_shell_characters()
    {
        var export = new TwinExport("/tmp/my \"twin\" $HOME `x`\\");

        var command = export.TorchrunCommand(1, 5);

        Assert.Equal("torchrun --standalone --nproc_per_node=1 \"/tmp/my \\\"twin\\\" \\$HOME \\`x\\`\\\\/train.py\" " +
            "--data \"/tmp/my \\\"twin\\\" \\$HOME \\`x\\`\\\\/data\" --out \"/tmp/my \\\"twin\\\" \\$HOME \\`x\\`\\\\/trained\" --steps 5", command);
    }

    [Fact]
    public void Declared_integers_beyond_doubles_precision_still_compare_exactly()
    {
        using var exact = JsonDocument.Parse("9007199254740993");
        using var rounded = JsonDocument.Parse("9007199254740992");
        using var fraction = JsonDocument.Parse("2.0");
        using var integer = JsonDocument.Parse("2");

        Assert.NotEqual(DeclarationValues.Canonical(rounded.RootElement), DeclarationValues.Canonical(exact.RootElement));
        Assert.Equal("9007199254740993", DeclarationValues.Canonical(exact.RootElement));
        Assert.Equal(DeclarationValues.Canonical(integer.RootElement), DeclarationValues.Canonical(fraction.RootElement));
    }

    [Fact]
    public void A_checkpoint_declared_otherwise_is_refused_through_its_config_json_and_nothing_is_loaded()
    {
        using var folder = new TempFolder();
        PyTorchTwin.Export(new TwinMnistVit(), folder.Root);
        var deeper = new TwinMnistVitDeeper();
        var before = deeper.state_dict()["blocks.0.norm1.alpha"].clone();

        var error = Assert.Throws<TwinMismatchException>(() => deeper.LoadTwinCheckpoint(folder.Root));

        Assert.Equal("ViT 'TwinMnistVitDeeper'", error.Model);
        Assert.Equal(folder.Root, error.Location);
        Assert.Equal([new TwinDifference("dyt_twin.declaration.Depth", "3", "2"), new TwinDifference("dyt_twin.declaration.ParameterCount",
            TwinMnistVitDeeper.ParameterCount.ToString(), TwinMnistVit.ParameterCount.ToString())], error.Differences);
        Assert.Contains("its config.json declares ViT 'TwinMnistVit' otherwise than ViT 'TwinMnistVitDeeper'", error.Message);
        Assert.True(deeper.state_dict()["blocks.0.norm1.alpha"].SameAs(before));
    }

    [Fact]
    public void A_checkpoint_whose_config_json_was_edited_names_the_edited_key()
    {
        using var folder = new TempFolder();
        PyTorchTwin.Export(new TwinMnistVit(), folder.Root);
        var config = folder.PathOf(PyTorchTwin.ConfigFile);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"AlphaInit\": 1", "\"AlphaInit\": 0.5"));

        var error = Assert.Throws<TwinMismatchException>(() => new TwinMnistVit().LoadTwinCheckpoint(folder.Root));

        Assert.Equal(new TwinDifference("dyt_twin.declaration.AlphaInit", "1", "0.5"), Assert.Single(error.Differences));
    }

    [Fact]
    public void A_folder_without_config_json_is_not_a_twin_checkpoint()
    {
        using var folder = new TempFolder();
        new TwinMnistVit().SaveSafetensors(folder.PathOf(PyTorchTwin.WeightsFile));

        var error = Assert.Throws<FileNotFoundException>(() => new TwinMnistVit().LoadTwinCheckpoint(folder.Root));

        Assert.Contains("config.json is missing", error.Message);
    }

    [Fact]
    public void A_checkpoint_whose_rank_states_disagree_is_refused_naming_the_model_and_the_key()
    {
        using var folder = new TempFolder();
        var model = new TwinMnistVit();
        PyTorchTwin.Export(model, folder.Root);
        File.Copy(folder.PathOf(PyTorchTwin.WeightsFile), folder.PathOf("rank-0.safetensors"));
        var state = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        state["blocks.1.norm2.alpha"].add_(1e-3);
        Safetensors.Save(state, folder.PathOf("rank-1.safetensors"));
        var target = new TwinMnistVit();

        var error = Assert.Throws<TwinMismatchException>(() => target.LoadTwinCheckpoint(folder.Root));

        Assert.Equal("ViT 'TwinMnistVit'", error.Model);
        var difference = Assert.Single(error.Differences);
        Assert.Equal("blocks.1.norm2.alpha", difference.Key);
        Assert.StartsWith("rank-1's, off by up to 0.001", difference.Actual);
        Assert.Contains("the rank states of ViT 'TwinMnistVit' disagree", error.Message);
        Assert.False(target.state_dict()["head.weight"].SameAs(model.state_dict()["head.weight"])); // nothing was loaded

        // train.py writes no model.safetensors when its ranks disagree: rank 0's file is the reference then.
        File.Delete(folder.PathOf(PyTorchTwin.WeightsFile));
        var withoutCheckpoint = Assert.Throws<TwinMismatchException>(() => target.LoadTwinCheckpoint(folder.Root));
        Assert.Equal("blocks.1.norm2.alpha", Assert.Single(withoutCheckpoint.Differences).Key);
    }

    [Fact]
    public void Rank_states_that_differ_only_in_bits_say_so_rather_than_off_by_zero()
    {
        using var folder = new TempFolder();
        var model = new TwinMnistVit();
        using (no_grad()) model.state_dict()["head.bias"].zero_();
        PyTorchTwin.Export(model, folder.Root);
        var state = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        state["head.bias"] = state["head.bias"].neg(); // -0.0: equal in value, not in bits
        Safetensors.Save(state, folder.PathOf("rank-1.safetensors"));

        var error = Assert.Throws<TwinMismatchException>(() => new TwinMnistVit().LoadTwinCheckpoint(folder.Root));

        var difference = Assert.Single(error.Differences);
        Assert.Equal("head.bias", difference.Key);
        Assert.Equal("rank-1's, equal in value but not bit for bit (-0.0 and 0.0, or NaNs with other bits)", difference.Actual);
    }

    [Fact]
    public void A_checkpoint_whose_rank_states_agree_loads()
    {
        using var folder = new TempFolder();
        var model = new TwinMnistVit();
        PyTorchTwin.Export(model, folder.Root);
        File.Copy(folder.PathOf(PyTorchTwin.WeightsFile), folder.PathOf("rank-0.safetensors"));
        File.Copy(folder.PathOf(PyTorchTwin.WeightsFile), folder.PathOf("rank-1.safetensors"));
        var target = new TwinMnistVit();

        target.LoadTwinCheckpoint(folder.Root);

        Assert.True(target.state_dict()["head.weight"].SameAs(model.state_dict()["head.weight"]));
    }

    [Fact]
    public void Only_generated_models_export()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<ArgumentException>(() => PyTorchTwin.Export(nn.Linear(2, 2), folder.Root));

        Assert.Equal("model", error.ParamName);
        Assert.Contains("got Linear", error.Message);
    }

    [Fact]
    public void A_data_shard_is_written_for_the_models_objective()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("data", "shard-00000.safetensors");

        PyTorchTwin.WriteDataShard(new TwinMnistVit(), path, new Dictionary<string, Tensor>
        {
            ["images"] = randn(4, 1, 28, 28),
            ["labels"] = tensor(new long[] { 0, 9, 3, 3 }),
        });

        Assert.Equal("classification", Safetensors.ReadMetadata(path)["objective"]);
        Assert.Equal(["images", "labels"], Safetensors.Load(path).Keys.Order());
    }

    public static IEnumerable<object[]> BadShards() =>
    [
        [new TwinMnistVit(), new Dictionary<string, Tensor> { ["images"] = randn(4, 1, 28, 28) }, "'keys' must be exactly images, labels (classification); got images"],
        [new TwinMnistVit(), new Dictionary<string, Tensor> { ["images"] = randn(4, 1, 32, 32), ["labels"] = zeros(4, ScalarType.Int64) },
            "'images' must be floating point (4, 1, 28, 28); got Float32 (4, 1, 32, 32)"],
        [new TwinMnistVit(), new Dictionary<string, Tensor> { ["images"] = randn(4, 1, 28, 28), ["labels"] = full(4, 10L) },
            "'labels' must be values in [0, 10); got values in [10, 10]"],
        [new TwinMnistVit(), new Dictionary<string, Tensor> { ["images"] = randn(4, 1, 28, 28), ["labels"] = zeros(3, ScalarType.Int64) },
            "'labels' must be int64 (4); got Int64 (3)"],
        [new TwinLlamaDyT(), new Dictionary<string, Tensor> { ["tokens"] = zeros(new long[] { 2, 18 }, ScalarType.Int64) },
            "'tokens' must be int64 (N, T + 1) with 1 <= T <= 16 (inputs and their next tokens); got Int64 (2, 18)"],
        [new TwinLlamaDyT(), new Dictionary<string, Tensor> { ["tokens"] = full(new long[] { 2, 8 }, 64L) }, "'tokens' must be values in [0, 64); got values in [64, 64]"],
        [new TwinDitDyT(), new Dictionary<string, Tensor> { ["latents"] = randn(2, 4, 8, 8), ["labels"] = full(2, 11L) }, "'labels' must be values in [0, 11); got values in [11, 11]"],
        [new TwinConvNextDyT(), new Dictionary<string, Tensor> { ["images"] = randn(2, 3, 36, 36), ["labels"] = zeros(2, ScalarType.Int64) },
            "'images' must be floating point (2, 3, H, W (multiples of 32)); got Float32 (2, 3, 36, 36)"],
        [new TwinMnistVit(), new Dictionary<string, Tensor> { ["images"] = full(new long[] { 2, 1, 28, 28 }, double.NaN), ["labels"] = zeros(2, ScalarType.Int64) },
            "'images' must be finite values; got 1568 NaN or infinite value(s)"],
        [new TwinDitDyT(), new Dictionary<string, Tensor> { ["latents"] = OneInfinite(randn(2, 4, 8, 8)), ["labels"] = zeros(2, ScalarType.Int64) },
            "'latents' must be finite values; got 1 NaN or infinite value(s)"],
    ];

    private static Tensor OneInfinite(Tensor values)
    {
        values[0, 0, 0, 0] = float.PositiveInfinity;
        return values;
    }

    [Theory]
    [MemberData(nameof(BadShards))]
    public void A_data_shard_that_does_not_fit_the_model_names_the_model_and_the_key(nn.Module model, Dictionary<string, Tensor> samples, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("shard.safetensors");

        var error = Assert.Throws<ArgumentException>(() => PyTorchTwin.WriteDataShard(model, path, samples));

        Assert.StartsWith($"Training data for {((IDeclaredModel)model).Declaration.Family} '{((IDeclaredModel)model).Declaration.ModelName}': ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.False(File.Exists(path));
    }

    [PythonTorchTheory]
    [InlineData("--steps", "0", "--steps must be >= 1; got 0")]
    [InlineData("--steps", "-3", "--steps must be >= 1; got -3")]
    [InlineData("--batch-size", "0", "--batch-size must be >= 1; got 0")]
    [InlineData("--log-every", "0", "--log-every must be >= 1; got 0")]
    [InlineData("--warmup", "-1", "--warmup must be >= 0; got -1")]
    [InlineData("--lr", "-0.1", "--lr must be > 0; got -0.1")]
    public void Train_py_refuses_out_of_range_arguments_naming_them(string option, string value, string expected)
    {
        using var folder = new TempFolder();
        var export = ExportWithShard(folder);

        var (code, log) = TrainPy(export, option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, log);
        Assert.DoesNotContain("Traceback", log);
        Assert.False(Directory.Exists(export.TrainedFolder));
    }

    [PythonTorchFact]
    public void Train_py_names_a_missing_or_empty_data_folder_without_a_traceback()
    {
        using var folder = new TempFolder();
        var export = PyTorchTwin.Export(new TwinMnistVit(), folder.Root);

        var (missingCode, missing) = TrainPy(export, "--data", folder.PathOf("nowhere"));
        Directory.CreateDirectory(export.DataFolder);
        var (emptyCode, empty) = TrainPy(export);

        Assert.Equal(1, missingCode);
        Assert.Contains($"{folder.PathOf("nowhere")} is not a folder", missing);
        Assert.Equal(1, emptyCode);
        Assert.Contains($"no *.safetensors shards in {export.DataFolder}", empty);
        Assert.DoesNotContain("Traceback", missing + empty);
    }

    [PythonTorchFact]
    public void Train_py_names_too_few_samples_and_a_resume_folder_that_is_not_a_checkpoint_without_a_traceback()
    {
        using var folder = new TempFolder();
        var export = ExportWithShard(folder);

        var (fewCode, few) = TrainPy(export, "--batch-size", "8");
        var (resumeCode, resume) = TrainPy(export, "--resume", folder.PathOf("nowhere"));

        Assert.Equal(1, fewCode);
        Assert.Contains($"{export.DataFolder} holds 4 samples; one step needs 8 (8 per rank x 1 ranks)", few);
        Assert.Equal(1, resumeCode);
        Assert.Contains($"{Path.Combine(folder.PathOf("nowhere"), "config.json")} is missing", resume);
        Assert.DoesNotContain("Traceback", few + resume);
    }

    [PythonTorchFact]
    public void Train_py_names_shards_whose_shapes_do_not_concatenate()
    {
        using var folder = new TempFolder();
        var model = new TwinLlamaDyT();
        var export = PyTorchTwin.Export(model, folder.Root);
        PyTorchTwin.WriteDataShard(model, Path.Combine(export.DataFolder, "a.safetensors"), new Dictionary<string, Tensor> { ["tokens"] = zeros(new long[] { 4, 9 }, ScalarType.Int64) });
        PyTorchTwin.WriteDataShard(model, Path.Combine(export.DataFolder, "b.safetensors"), new Dictionary<string, Tensor> { ["tokens"] = zeros(new long[] { 4, 5 }, ScalarType.Int64) });

        var (code, log) = TrainPy(export, "--batch-size", "2", "--steps", "1");

        Assert.Equal(1, code);
        Assert.Contains($"{Path.Combine(export.DataFolder, "b.safetensors")}: 'tokens' is int64 (4, 5) but {Path.Combine(export.DataFolder, "a.safetensors")} holds int64 (4, 9)", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [PythonTorchFact]
    public void Train_py_trains_on_float64_images_the_shard_was_allowed_to_hold()
    {
        using var folder = new TempFolder();
        var model = new TwinMnistVit();
        var export = PyTorchTwin.Export(model, folder.Root);
        PyTorchTwin.WriteDataShard(model, Path.Combine(export.DataFolder, "a.safetensors"), new Dictionary<string, Tensor>
        {
            ["images"] = randn(new long[] { 4, 1, 28, 28 }, ScalarType.Float64),
            ["labels"] = zeros(4, ScalarType.Int64),
        });

        var (code, log) = TrainPy(export, "--batch-size", "2", "--steps", "1");

        Assert.True(code == 0, log);
        new TwinMnistVit().LoadTwinCheckpoint(export.TrainedFolder);
    }

    [PythonTorchFact]
    public void A_config_json_recording_a_diverged_run_is_valid_json_that_loads()
    {
        using var folder = new TempFolder();
        var export = PyTorchTwin.Export(new TwinMnistVit(), folder.Root);
        var script = "import sys; sys.path.insert(0, sys.argv[1]); import twin_io; c = twin_io.read_config(sys.argv[1]); "
            + "c['dyt_twin']['training'] = {'first_loss': 2.3, 'last_loss': float('nan'), 'peak': float('inf')}; "
            + "twin_io.write_json(c, sys.argv[1] + '/config.json')";

        var (code, log) = PythonTorch.Run(["-c", script, export.Folder], TimeSpan.FromMinutes(2));

        Assert.True(code == 0, log);
        using var config = JsonDocument.Parse(File.ReadAllText(export.Config));
        var training = config.RootElement.GetProperty("dyt_twin").GetProperty("training");
        Assert.Equal("NaN", training.GetProperty("last_loss").GetString());
        Assert.Equal("Infinity", training.GetProperty("peak").GetString());
        new TwinMnistVit().LoadTwinCheckpoint(export.Folder);
    }

    private static TwinExport ExportWithShard(TempFolder folder)
    {
        var model = new TwinMnistVit();
        var export = PyTorchTwin.Export(model, folder.Root);
        PyTorchTwin.WriteDataShard(model, Path.Combine(export.DataFolder, "a.safetensors"), new Dictionary<string, Tensor>
        {
            ["images"] = randn(4, 1, 28, 28),
            ["labels"] = zeros(4, ScalarType.Int64),
        });
        return export;
    }

    private static (int ExitCode, string Output) TrainPy(TwinExport export, params string[] arguments) =>
        PythonTorch.Run([export.TrainingScript, "--out", export.TrainedFolder, .. arguments], TimeSpan.FromMinutes(2));
}
