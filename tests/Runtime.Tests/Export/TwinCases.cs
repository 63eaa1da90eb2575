using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Export;

/// <summary>One family and norm: the model, and the inputs its forward takes (DiT: latents, timesteps, labels).</summary>
internal sealed record TwinCase(string Name, Func<nn.Module> Create, Func<Generator, Dictionary<string, Tensor>> Inputs)
{
    public static readonly IReadOnlyList<TwinCase> All =
    [
        Vit("vit_layernorm", () => new TwinVitLayerNorm()),
        Vit("vit_rmsnorm", () => new TwinVitRmsNorm()),
        Vit("vit_dyt", () => new TwinVitDyT()),
        Vit("vit_derf", () => new TwinVitDerf()),
        Llama("llama_layernorm", () => new TwinLlamaLayerNorm()),
        Llama("llama_rmsnorm", () => new TwinLlamaRmsNorm()),
        Llama("llama_dyt", () => new TwinLlamaDyT()),
        Llama("llama_derf", () => new TwinLlamaDerf()),
        Llama("llama3_rmsnorm_theta_eps_tied_scaled", () => new TwinLlama3RmsNorm(), tokens: 16),
        Dit("dit_layernorm", () => new TwinDitLayerNorm()),
        Dit("dit_rmsnorm", () => new TwinDitRmsNorm()),
        Dit("dit_dyt", () => new TwinDitDyT()),
        Dit("dit_derf", () => new TwinDitDerf()),
        Images("convnext_layernorm", () => new TwinConvNextLayerNorm()),
        Images("convnext_rmsnorm", () => new TwinConvNextRmsNorm()),
        Images("convnext_dyt", () => new TwinConvNextDyT()),
        Images("convnext_derf", () => new TwinConvNextDerf()),
        Images("resnet_batchnorm", () => new TwinResNetBatchNorm()),
        Images("resnet_layernorm", () => new TwinResNetLayerNorm()),
        Images("resnet_rmsnorm", () => new TwinResNetRmsNorm()),
        Images("resnet_dyt", () => new TwinResNetDyT()),
        Images("resnet_derf", () => new TwinResNetDerf()),
    ];

    public static IEnumerable<object[]> Names() => All.Select(c => new object[] { c.Name });

    /// <summary>The model's forward on the inputs, whichever of the two module shapes it has.</summary>
    public static Tensor Forward(nn.Module model, IReadOnlyDictionary<string, Tensor> inputs) => model switch
    {
        nn.Module<Tensor, Tensor, Tensor, Tensor> dit => dit.call(inputs["input"], inputs["timesteps"], inputs["labels"]),
        nn.Module<Tensor, Tensor> one => one.call(inputs["input"]),
        _ => throw new ArgumentException($"model must take one input or DiT's three; got {model.GetType().Name}.", nameof(model)),
    };

    private static TwinCase Vit(string name, Func<nn.Module> create) =>
        new(name, create, g => new() { ["input"] = randn([2, 1, 28, 28], generator: g) });

    private static TwinCase Llama(string name, Func<nn.Module> create, int tokens = 7) =>
        new(name, create, g => new() { ["input"] = randint(0, 64, [2, tokens], ScalarType.Int64, generator: g) });

    private static TwinCase Dit(string name, Func<nn.Module> create) =>
        new(name, create, g => new()
        {
            ["input"] = randn([2, 4, 8, 8], generator: g),
            ["timesteps"] = tensor(new[] { 3.0f, 517.0f }),
            ["labels"] = tensor(new[] { 4L, 10L }), // the second is the null class
        });

    private static TwinCase Images(string name, Func<nn.Module> create) =>
        new(name, create, g => new() { ["input"] = randn([2, 3, 32, 32], generator: g) });
}
