using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Models;

/// <summary>
/// Every generated forward runs in its own dispose scope and moves only its result out: the caller's scope receives
/// one tensor per call, whatever the model computed on the way, and an inference loop that disposes nothing stays
/// flat (it used to grow by megabytes per forward until the finalizer caught up, if ever). Autograd is unaffected,
/// because disposing drops the .NET handle only and the graph holds its own references.
/// </summary>
/// <remarks>In the seeded collection, which runs alone: tests running beside the memory test would move the working set.</remarks>
[Collection(SeededTests.Name)]
public class DisposeScopeTests
{
    public static TheoryData<string> Families() => ["ViT", "LLaMA", "DiT", "ConvNeXt", "ResNet"];

    [Theory]
    [MemberData(nameof(Families))]
    public void A_forward_leaves_only_its_result_in_the_callers_scope(string family)
    {
        var (_, run) = Model(family);

        using var scope = NewDisposeScope();
        var result = run();

        Assert.True(scope.Contains(result), "the result must belong to the caller's scope, which disposes it");
        Assert.Equal(1, scope.DisposablesCount);
        Assert.False(result.IsInvalid);
    }

    [Fact]
    public void A_naive_no_grad_inference_loop_keeps_process_memory_flat()
    {
        var model = new SmallVitDyT();
        model.eval();
        using var images = randn(32, 1, 28, 28);
        const int forwards = 100;

        using var noGrad = no_grad();
        for (var i = 0; i < 10; i++) model.call(images);   // warm up the allocator and LibTorch's caches
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = Environment.WorkingSet;
        for (var i = 0; i < forwards; i++) model.call(images);   // what a naive loop does: nothing disposed, no GC
        var growth = Environment.WorkingSet - baseline;

        // One forward's activations are about 2.5 MB (17 tokens of width 32, MLP 128, 4 heads, batch 32); leaked, they
        // added about 250 MB here. Freed, the loop reuses the same memory; only the small logits wait for the GC.
        Assert.True(growth < 48L << 20, $"working set grew by {growth >> 20} MB over {forwards} forwards ({(double)growth / forwards / (1 << 20):F2} MB per forward)");
    }

    [Fact]
    public void Gradients_through_the_scoped_forward_equal_those_of_the_same_layers_run_without_scopes()
    {
        manual_seed(3);
        var model = new SmallVitDyT();
        using var images = randn(4, 1, 28, 28);
        using var labels = tensor(new long[] { 1, 7, 3, 0 });

        var scoped = Gradients(model, () => model.forward(images), labels);
        var unscoped = Gradients(model, () => UnscopedVit(model, images), labels);

        Assert.Equal(scoped.Keys.OrderBy(k => k), unscoped.Keys.OrderBy(k => k));
        Assert.Equal(model.parameters().Count(), scoped.Count);
        foreach (var (name, gradient) in scoped)
            Assert.True(gradient.allclose(unscoped[name], rtol: 1e-5, atol: 1e-7), $"gradient of {name} differs");
    }

    [Fact]
    public void Training_with_no_scope_in_user_code_still_fits_a_fixed_batch()
    {
        manual_seed(4);
        var model = new SmallVitDyT();
        var optimizer = optim.AdamW(model.parameters(), lr: 3e-3);
        var images = randn(16, 1, 28, 28);
        var labels = arange(16).remainder(10);

        var losses = new List<float>();
        for (var step = 0; step < 30; step++)
        {
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < losses[0] * 0.75f, $"loss went from {losses[0]} to {losses[^1]}; expected it below 75% of the start");
    }

    /// <summary>The parameters' gradients of cross-entropy over <paramref name="forward"/>'s logits, cloned.</summary>
    private static Dictionary<string, Tensor> Gradients(nn.Module model, Func<Tensor> forward, Tensor labels)
    {
        model.zero_grad();
        nn.functional.cross_entropy(forward(), labels).backward();
        return model.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter.grad!.clone());
    }

    /// <summary>SmallVitDyT's forward written out over its registered layers, with no dispose scope anywhere.</summary>
    private static Tensor UnscopedVit(SmallVitDyT model, Tensor images)
    {
        var modules = model.named_modules().Where(pair => pair.module is nn.Module<Tensor, Tensor>)
            .ToDictionary(pair => pair.name, pair => (nn.Module<Tensor, Tensor>)pair.module);
        var parameters = model.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter);
        var patches = modules["patch_embed"].call(images);
        var x = cat(new[] { parameters["cls_token"].expand(patches.shape[0], -1, -1), patches }, 1) + parameters["pos_embed"];
        for (var i = 0; i < 2; i++)
        {
            x = x + modules[$"blocks.{i}.attn"].call(modules[$"blocks.{i}.norm1"].call(x));
            x = x + modules[$"blocks.{i}.mlp"].call(modules[$"blocks.{i}.norm2"].call(x));
        }
        return modules["head"].call(modules["norm"].call(x).select(1, 0));
    }

    private static (nn.Module Model, Func<Tensor> Run) Model(string family)
    {
        switch (family)
        {
            case "ViT":
                var vit = new SmallVitDyT();
                var images = randn(2, 1, 28, 28);
                return (vit, () => vit.call(images));
            case "LLaMA":
                var llama = new SmallLlamaDyT();
                var tokens = randint(0, 100, new long[] { 2, 8 });
                return (llama, () => llama.call(tokens));
            case "DiT":
                var dit = new SmallDitDyT();
                var (latents, steps, classes) = (randn(2, 4, 8, 8), tensor(new long[] { 10, 500 }), tensor(new long[] { 3, 10 }));
                return (dit, () => dit.call(latents, steps, classes));
            case "ConvNeXt":
                var convNext = new SmallConvNextDyT();
                var maps = randn(2, 3, 32, 32);
                return (convNext, () => convNext.call(maps));
            default:
                var resNet = new SmallResNetDyT();
                var pictures = randn(2, 3, 32, 32);
                return (resNet, () => resNet.call(pictures));
        }
    }
}
