using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DyT.Checkpoints;
using DyT.Runtime.Tests.Generation;
using DyT.Runtime.Tests.Models;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>
/// Hugging Face model folders: SavePretrained writes one, LoadSafetensors reads one after checking its config.json,
/// and tied and untied LM heads are told apart with a reason.
/// </summary>
public class PretrainedFolderTests
{
    [Theory]
    [InlineData(NormKind.RMSNorm)]
    [InlineData(NormKind.DyT)]
    [InlineData(NormKind.LayerNorm)] // tied
    public void A_saved_folder_loads_back_into_a_fresh_model_with_the_same_logits(NormKind norm)
    {
        using var folder = new TempFolder();
        var saved = GenerationModels.Create(norm, seed: 3);
        saved.SavePretrained(folder.Root);
        var loaded = GenerationModels.Create(norm, seed: 4);

        loaded.LoadSafetensors(folder.Root);

        using var tokens = GenerationModels.Tokens(1, 9, seed: 2);
        using var _ = no_grad();
        TensorAssert.Close(saved.forward(tokens), loaded.forward(tokens), 0, what: "logits after the round trip");
        Assert.Equal("pt", Safetensors.ReadMetadata(Path.Combine(folder.Root, "model.safetensors"))["format"]);
    }

    [Fact]
    public void A_config_json_that_disagrees_is_reported_key_by_key_and_no_weight_is_read()
    {
        using var folder = new TempFolder();
        GenerationModels.Create(NormKind.RMSNorm).SavePretrained(folder.Root);
        var configPath = Path.Combine(folder.Root, "config.json");
        var config = HuggingFaceConfig.Load(configPath);
        config["num_hidden_layers"] = 3;
        config["rope_theta"] = 10000.0;
        HuggingFaceConfig.Save(config, configPath);
        var model = GenerationModels.Create(NormKind.RMSNorm, seed: 9);
        using var before = model.state_dict()["model.embed_tokens.weight"].clone();

        var error = Assert.Throws<ConfigMismatchException>(() => model.LoadSafetensors(folder.Root));

        Assert.Equal(["num_hidden_layers", "rope_theta"], error.Mismatches.Select(m => m.Key));
        Assert.Contains("config.json does not describe GenLlamaRms: 2 key(s) disagree; nothing was loaded.", error.Message);
        Assert.Contains("num_hidden_layers: expected 2 (Depth), got 3", error.Message);
        Assert.Contains("rope_theta: expected 500000 (RopeTheta), got 10000", error.Message);
        TensorAssert.Close(before, model.state_dict()["model.embed_tokens.weight"], 0, what: "the embedding after the refused load");
    }

    [Fact]
    public void A_sharded_folder_is_checked_and_loaded_through_its_index()
    {
        using var folder = new ShardFolder();
        var saved = GenerationModels.Create(NormKind.DyT, seed: 5);
        var state = saved.state_dict();
        var first = state.Keys.Where(k => k.StartsWith("model.layers.0.", StringComparison.Ordinal)).ToHashSet();
        folder.WriteShard("model-00001-of-00002.safetensors", state.Where(p => first.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value));
        folder.WriteShard("model-00002-of-00002.safetensors", state.Where(p => !first.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value));
        folder.WriteIndex(state.Keys.Select(k => KeyValuePair.Create(k, first.Contains(k) ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors")));
        HuggingFaceConfig.Save(GenLlamaDyT.Declaration, Path.Combine(folder.Root, "config.json"));
        var loaded = GenerationModels.Create(NormKind.DyT, seed: 6);

        loaded.LoadSafetensors(folder.Root);

        TensorAssert.Close(state["model.norm.alpha"], loaded.state_dict()["model.norm.alpha"], 0, what: "model.norm.alpha");
    }

    [Fact]
    public void A_folder_with_both_weight_files_or_neither_is_refused_with_what_it_holds()
    {
        using var folder = new TempFolder();
        var model = new SmallLlamaRms();

        var missing = Assert.Throws<FileNotFoundException>(() => model.LoadSafetensors(folder.Root));
        Assert.Contains("holds neither model.safetensors nor model.safetensors.index.json", missing.Message);

        File.WriteAllText(Path.Combine(folder.Root, "model.safetensors"), "");
        File.WriteAllText(Path.Combine(folder.Root, "model.safetensors.index.json"), "{}");
        var both = Assert.Throws<IOException>(() => model.LoadSafetensors(folder.Root));
        Assert.Contains("holds both model.safetensors and model.safetensors.index.json; pass the one to load as the path.", both.Message);
    }

    [Fact]
    public void Save_pretrained_writes_only_llama_folders()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<ArgumentException>(() => new SmallVitDyT().SavePretrained(folder.Root));

        Assert.Contains("SavePretrained writes LLaMA folders (transformers' LlamaConfig); SmallVitDyT is a ViT model.", error.Message);
    }

    [Fact]
    public void A_tied_model_refuses_a_checkpoint_with_a_distinct_lm_head_and_loads_nothing()
    {
        using var file = new TempFile();
        new SmallLlamaRms().SaveSafetensors(file.Path); // untied: its own lm_head.weight
        var tied = new SmallLlama3Tied();
        using var before = tied.state_dict()["model.norm.weight"].clone();

        var error = Assert.Throws<CheckpointMismatchException>(() => tied.LoadSafetensors(file.Path));

        var problem = Assert.Single(error.Misvalued);
        Assert.Equal("lm_head.weight", problem.Key);
        Assert.StartsWith("no lm_head.weight, or an exact copy of model.embed_tokens.weight: this model ties its LM head to the embedding (TieEmbeddings = true)", problem.Expected);
        Assert.StartsWith("a distinct lm_head.weight (it differs from model.embed_tokens.weight by up to", problem.Actual);
        Assert.Empty(error.Unexpected);
        TensorAssert.Close(before, tied.state_dict()["model.norm.weight"], 0, what: "a weight after the refused load");
    }

    [Fact]
    public void A_tied_model_accepts_a_checkpoint_whose_lm_head_is_a_copy_of_the_embedding()
    {
        using var file = new TempFile();
        var source = new SmallLlama3Tied();
        var state = source.state_dict();
        Safetensors.Save(new Dictionary<string, Tensor>(state) { ["lm_head.weight"] = state["model.embed_tokens.weight"] }, file.Path);
        var tied = new SmallLlama3Tied();

        tied.LoadSafetensors(file.Path);
        tied.LoadStateDict(new Dictionary<string, Tensor>(state) { ["lm_head.weight"] = state["model.embed_tokens.weight"] });

        TensorAssert.Close(state["model.embed_tokens.weight"], tied.state_dict()["model.embed_tokens.weight"], 0, what: "the embedding");
    }

    [Fact]
    public void An_untied_model_told_why_a_tied_checkpoint_lacks_lm_head()
    {
        using var file = new TempFile();
        new SmallLlama3Tied().SaveSafetensors(file.Path);

        var error = Assert.Throws<CheckpointMismatchException>(() => new SmallLlamaRms().LoadSafetensors(file.Path));

        Assert.Equal(["lm_head.weight"], error.Missing);
        var hint = Assert.Single(error.Hints);
        Assert.Contains("this model has its own LM head (TieEmbeddings = false), but the checkpoint has none", hint);
        Assert.Contains("declare TieEmbeddings = true to load it.", error.Message);
    }

    [Fact]
    public void The_state_dict_loader_tells_tied_and_untied_heads_apart_too()
    {
        var untiedState = new SmallLlamaRms().state_dict();
        var tiedState = new SmallLlama3Tied().state_dict();

        var distinct = Assert.Throws<CheckpointMismatchException>(() => new SmallLlama3Tied().LoadStateDict(untiedState));
        var missing = Assert.Throws<CheckpointMismatchException>(() => new SmallLlamaRms().LoadStateDict(tiedState));

        Assert.Equal("lm_head.weight", Assert.Single(distinct.Misvalued).Key);
        Assert.Single(missing.Hints);
    }
}
