using BenchmarkDotNet.Attributes;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Bench;

/// <summary>
/// Forward, backward and forward+backward of each norm on one float32 activation, plus a copy of it (clone: read
/// once, allocate, write once), the least any norm's forward can cost. LayerNorm is the baseline of each category.
/// With grad, the norm's input is a view of the leaf, as inside a network, where a norm's input is an activation: a
/// leaf would make autograd copy a gradient that a TorchSharp autograd function returns (its managed handle keeps a
/// reference, so AccumulateGrad cannot steal it), which is an artefact of the benchmark, not of the layer.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
public class NormBenchmarks
{
    private Tensor x = null!, upstream = null!;
    private nn.Module<Tensor, Tensor> layerNorm = null!, rmsNorm = null!;
    private DynamicTanh dyt = null!;
    private readonly Dictionary<string, Tensor> graphs = new();
    private Tensor xGrad = null!;

    /// <summary>Input shape (B, T, C).</summary>
    [Params("8x512x768", "32x197x384")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        NormalPriority.Restore();
        torch.set_num_threads(Environment.ProcessorCount);
        var dims = Shape.Split('x').Select(long.Parse).ToArray();
        var channels = dims[^1];
        manual_seed(0);
        x = randn(dims);
        upstream = randn(dims);
        layerNorm = nn.LayerNorm(channels);
        rmsNorm = new RmsNorm(channels);
        dyt = new DynamicTanh(channels);
        // Prebuilt graphs for the backward-only cases: each iteration runs backward again (retain_graph).
        xGrad = x.detach().requires_grad_(true);
        graphs["LayerNorm"] = layerNorm.forward(Activation(xGrad));
        graphs["RmsNorm"] = rmsNorm.forward(Activation(xGrad));
        graphs["DytUnfused"] = dyt.Unfused(Activation(xGrad));
        graphs["DytFused"] = dyt.forward(Activation(xGrad));
    }

    [Benchmark, BenchmarkCategory("Forward")]
    public void Copy() => Forward(t => t.clone());

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public void LayerNormForward() => Forward(layerNorm.forward);

    [Benchmark, BenchmarkCategory("Forward")]
    public void RmsNormForward() => Forward(rmsNorm.forward);

    [Benchmark, BenchmarkCategory("Forward")]
    public void DytUnfusedForward() => Forward(dyt.Unfused);

    [Benchmark, BenchmarkCategory("Forward")]
    public void DytFusedForward() => Forward(dyt.forward);

    [Benchmark(Baseline = true), BenchmarkCategory("Backward")]
    public void LayerNormBackward() => Backward("LayerNorm");

    [Benchmark, BenchmarkCategory("Backward")]
    public void RmsNormBackward() => Backward("RmsNorm");

    [Benchmark, BenchmarkCategory("Backward")]
    public void DytUnfusedBackward() => Backward("DytUnfused");

    [Benchmark, BenchmarkCategory("Backward")]
    public void DytFusedBackward() => Backward("DytFused");

    [Benchmark(Baseline = true), BenchmarkCategory("ForwardBackward")]
    public void LayerNormForwardBackward() => ForwardBackward(layerNorm.forward);

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void RmsNormForwardBackward() => ForwardBackward(rmsNorm.forward);

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void DytUnfusedForwardBackward() => ForwardBackward(dyt.Unfused);

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void DytFusedForwardBackward() => ForwardBackward(dyt.forward);

    // Inference: no graph, every temporary freed at the end of the call.
    private void Forward(Func<Tensor, Tensor> norm)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        norm(x);
    }

    private void Backward(string graph)
    {
        using var scope = NewDisposeScope();
        graphs[graph].backward(new[] { upstream }, retain_graph: true);
    }

    private void ForwardBackward(Func<Tensor, Tensor> norm)
    {
        using var scope = NewDisposeScope();
        var input = x.detach().requires_grad_(true);
        norm(Activation(input)).backward(new[] { upstream });
    }

    private static Tensor Activation(Tensor leaf) => leaf.view(leaf.shape);
}
