using System;
using System.IO;
using System.Linq;
using DyT.Checkpoints;
using DyT.Export;
using DyT.Runtime.Tests.Generation;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// A folder load reads only inside the folder: a folder's own files (model.safetensors, config.json, a twin's files)
/// may link to files of the folder, not out of it, as the shards an index names. A file's own path loads wherever it is.
/// </summary>
public sealed class FolderLinkTests : IDisposable
{
    private readonly FolderAndOutside folders = new();

    public void Dispose() => folders.Dispose();

    /// <summary>A saved folder of <paramref name="model"/> outside, then <paramref name="name"/> linked into the tested folder.</summary>
    private string LinkOut(TorchSharp.torch.nn.Module model, string name)
    {
        model.SavePretrained(folders.Outside);
        var target = Path.Combine(folders.Outside, name);
        File.CreateSymbolicLink(folders.PathOf(name), target);
        return target;
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("config.json")]
    public void A_folder_file_linking_out_of_the_folder_is_refused_naming_both_and_nothing_loads(string name)
    {
        var saved = GenerationModels.Create(NormKind.RMSNorm, seed: 3);
        var target = LinkOut(saved, name);
        if (name != "model.safetensors") saved.SaveSafetensors(folders.PathOf("model.safetensors"));
        var model = GenerationModels.Create(NormKind.RMSNorm, seed: 4);
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var error = Assert.Throws<IOException>(() => model.LoadSafetensors(folders.Root));

        Assert.StartsWith($"{folders.PathOf(name)} is a symbolic link to {target}, outside the folder {folders.Root}; a folder is loaded only from files inside it.", error.Message);
        Assert.Contains("download a Hugging Face model with --local-dir", error.Message);
        Assert.All(model.state_dict(), p => Assert.True(p.Value.SameAs(before[p.Key]), $"{p.Key} changed"));
    }

    [Fact]
    public void The_linked_file_loads_when_its_own_path_is_given()
    {
        var saved = GenerationModels.Create(NormKind.RMSNorm, seed: 3);
        LinkOut(saved, "model.safetensors");
        var model = GenerationModels.Create(NormKind.RMSNorm, seed: 4);

        model.LoadSafetensors(folders.PathOf("model.safetensors"));

        Assert.True(model.state_dict()["model.norm.weight"].SameAs(saved.state_dict()["model.norm.weight"]));
    }

    [Fact]
    public void A_link_to_a_file_inside_the_folder_is_followed()
    {
        var saved = GenerationModels.Create(NormKind.RMSNorm, seed: 3);
        saved.SavePretrained(folders.Root);
        Directory.CreateDirectory(folders.PathOf("versions"));
        File.Move(folders.PathOf("model.safetensors"), folders.PathOf("versions/v1.safetensors"));
        File.CreateSymbolicLink(folders.PathOf("model.safetensors"), "versions/v1.safetensors");
        var model = GenerationModels.Create(NormKind.RMSNorm, seed: 4);

        model.LoadSafetensors(folders.Root);

        Assert.True(model.state_dict()["model.norm.weight"].SameAs(saved.state_dict()["model.norm.weight"]));
    }

    [Fact]
    public void A_twin_folder_whose_weights_link_out_of_it_is_refused()
    {
        var model = new DyT.Runtime.Tests.Export.TwinLlamaDyT();
        var export = PyTorchTwin.Export(model, folders.Root);
        File.Move(export.Weights, Path.Combine(folders.Outside, "model.safetensors"));
        File.CreateSymbolicLink(export.Weights, Path.Combine(folders.Outside, "model.safetensors"));

        var error = Assert.Throws<IOException>(() => new DyT.Runtime.Tests.Export.TwinLlamaDyT().LoadTwinCheckpoint(folders.Root));

        Assert.StartsWith($"{export.Weights} is a symbolic link to {Path.Combine(folders.Outside, "model.safetensors")}, outside the folder", error.Message);
    }
}
