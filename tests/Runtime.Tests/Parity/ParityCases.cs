using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Parity;

/// <summary>A fixture of tests/Parity/fixtures and how to build and run the generated model it belongs to.</summary>
internal sealed record ParityCase(string Fixture, Func<nn.Module> Create, Func<nn.Module, ParityFixture, Tensor> Forward, string Reference)
{
    public override string ToString() => Fixture;
}

/// <summary>Every parity case, one table: fixture name, generated model (ParityModels.cs, FamilyParityModels.cs), forward.</summary>
internal static class ParityCases
{
    public static readonly IReadOnlyList<ParityCase> All =
    [
        Single<ParityVitLayerNorm>("vit_layernorm", "vit.py (timm VisionTransformer)"),
        Single<ParityVitDyT>("vit_dyt", "vit.py (timm VisionTransformer)"),
        Single<ParityLlamaRms>("llama_rmsnorm", "llama.py (Hugging Face LlamaForCausalLM)"),
        Single<ParityLlamaDyT>("llama_dyt", "llama.py (Hugging Face LlamaForCausalLM)"),
        Dit<ParityDitLayerNorm>("dit_layernorm"),
        Dit<ParityDitDyT>("dit_dyt"),
        Single<ParityConvNextLayerNorm>("convnext_layernorm", "convnext.py (timm convnext)"),
        Single<ParityConvNextDyT>("convnext_dyt", "convnext.py (timm convnext)"),
        Single<ParityResNetBatchNorm>("resnet_batchnorm", "resnet.py (timm resnet)"),
        Single<ParityResNetDyT>("resnet_dyt", "resnet.py (timm resnet)"),
        Single<ParityLlama3Rms>("llama3_rmsnorm", "llama.py (Hugging Face LlamaForCausalLM; Llama 3: rope_theta, llama3 rope_scaling, tie_word_embeddings)"),
        Single<ParityLlama3DyT>("llama3_dyt", "llama.py (Hugging Face LlamaForCausalLM; Llama 3: rope_theta, llama3 rope_scaling, tie_word_embeddings)"),
    ];

    public static ParityCase Named(string fixture) => All.Single(c => c.Fixture == fixture);

    public static TheoryData<string> Names() => new(All.Select(c => c.Fixture));

    /// <summary>Images or tokens in, one tensor out.</summary>
    private static ParityCase Single<T>(string fixture, string reference) where T : nn.Module<Tensor, Tensor>, new() =>
        new(fixture, () => new T(), (model, f) => ((T)model).forward(f.Input), reference);

    /// <summary>DiT: latents, timesteps and labels in.</summary>
    private static ParityCase Dit<T>(string fixture) where T : nn.Module<Tensor, Tensor, Tensor, Tensor>, new() =>
        new(fixture, () => new T(), (model, f) => ((T)model).forward(f.Input, f.Io["timesteps"], f.Io["labels"]), "dit.py (facebookresearch/DiT)");
}
