using System;
using System.Collections.Generic;
using System.IO;
using DyT.Checkpoints;
using DyT.Export;
using DyT.Runtime.Tests.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// A save replaces its file whole or not at all: one that fails leaves the file it would have replaced as it was,
/// and a symbolic link at the target is replaced, never written through into the file it points to.
/// </summary>
public sealed class AtomicSaveTests : IDisposable
{
    private readonly FolderAndOutside folders = new();

    public void Dispose() => folders.Dispose();

    private string[] Names() => Array.ConvertAll(Directory.GetFileSystemEntries(folders.Root), Path.GetFileName)!;

    /// <summary>A file outside the folder, and a link to it inside the folder under <paramref name="name"/>.</summary>
    private string LinkOut(string name)
    {
        var victim = Path.Combine(folders.Outside, "blob");
        File.WriteAllText(victim, "another file, e.g. a Hugging Face cache blob");
        File.CreateSymbolicLink(folders.PathOf(name), victim);
        return victim;
    }

    [Fact]
    public void A_save_refused_before_writing_leaves_the_old_file_and_no_temporary_file()
    {
        var path = folders.PathOf("w.safetensors");
        Safetensors.Save(new Dictionary<string, Tensor> { ["w"] = ones(4) }, path);
        var good = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => Safetensors.Save(new Dictionary<string, Tensor> { ["__metadata__"] = ones(1) }, path));

        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal(["w.safetensors"], Names());
    }

    [Fact]
    public void A_save_that_fails_after_writing_part_of_the_data_leaves_the_old_file_and_no_temporary_file()
    {
        var path = folders.PathOf("w.safetensors");
        Safetensors.Save(new Dictionary<string, Tensor> { ["a"] = ones(4), ["b"] = ones(4) }, path);
        var good = File.ReadAllBytes(path);
        // "b" has no data (a meta tensor): the writer fails after the header and "a", as a full disk midway would.
        var failing = new Dictionary<string, Tensor> { ["a"] = full(4, 2f), ["b"] = empty([4], device: new Device(DeviceType.META)) };

        Assert.ThrowsAny<Exception>(() => Safetensors.Save(failing, path));

        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal(["w.safetensors"], Names());
    }

    [Fact]
    public void Save_pretrained_replaces_links_in_the_folder_instead_of_writing_through_them()
    {
        var victim = LinkOut("model.safetensors");
        File.CreateSymbolicLink(folders.PathOf("config.json"), victim);
        var model = GenerationModels.Create(NormKind.RMSNorm);

        model.SavePretrained(folders.Root);

        Assert.Equal("another file, e.g. a Hugging Face cache blob", File.ReadAllText(victim));
        Assert.Null(new FileInfo(folders.PathOf("model.safetensors")).LinkTarget);
        Assert.Null(new FileInfo(folders.PathOf("config.json")).LinkTarget);
        var copy = GenerationModels.Create(NormKind.RMSNorm);
        copy.LoadSafetensors(folders.Root);
        Assert.True(copy.state_dict()["model.norm.weight"].SameAs(model.state_dict()["model.norm.weight"]));
    }

    [Fact]
    public void A_twin_export_replaces_a_linked_file_instead_of_writing_through_it()
    {
        var model = new DyT.Runtime.Tests.Export.TwinLlamaDyT();
        PyTorchTwin.Export(model, folders.Root);
        File.Delete(folders.PathOf("model.py"));
        var victim = LinkOut("model.py");

        PyTorchTwin.Export(model, folders.Root); // exporting the same model again rewrites its files

        Assert.Equal("another file, e.g. a Hugging Face cache blob", File.ReadAllText(victim));
        Assert.Contains("class TwinLlamaDyT(nn.Module):", File.ReadAllText(folders.PathOf("model.py")));
    }

    [Fact]
    public void Saving_to_a_folder_path_names_the_folder()
    {
        var error = Assert.Throws<IOException>(() => Safetensors.Save(new Dictionary<string, Tensor> { ["w"] = ones(1) }, folders.Root));

        Assert.Equal($"{folders.Root} is a folder; expected the path of a file to write.", error.Message);
    }
}
