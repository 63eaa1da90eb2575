using BenchmarkDotNet.Attributes;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Bench;

/// <summary>
/// Forward, backward and forward+backward of each norm on one float32 activation: TorchSharp's native LayerNorm (the
/// baseline of each category), and RMSNorm, DyT and Derf each fused and unfused. Two forward-only references: a copy
/// (clone: read once, allocate, write once), the least any norm's forward can cost, and an uninitialized output-sized
/// allocation (empty_like), what TorchSharp's autograd Function adds to every fused forward with grad.
/// With grad, the norm's input is a view of the leaf, as inside a network, where a norm's input is an activation: a
/// leaf would make autograd copy a gradient that a TorchSharp autograd function returns (its managed handle keeps a
/// reference, so AccumulateGrad cannot steal it), which is an artefact of the benchmark, not of the layer.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
public class NormBenchmarks
{
    private Tensor x = null!, upstream = null!;
    private nn.Module<Tensor, Tensor> layerNorm = null!;
    private RmsNorm rmsNorm = null!;
    private DynamicTanh dyt = null!;
    private Derf derf = null!;
    private readonly Dictionary<string, Tensor> graphs = new();
    private Tensor xGrad = null!;

    /// <summary>Input shape (B, T, C).</summary>
    [Params("8x512x768", "32x197x384")]
    public string Shape { get; set; } = "";

    /// <summary>Every norm by case name: the layer's forward as the network calls it (set up by <see cref="Setup"/>).</summary>
    public Dictionary<string, Func<Tensor, Tensor>> Norms { get; } = new();

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
        derf = new Derf(channels);
        Norms["LayerNorm"] = layerNorm.forward;
        Norms["RmsNormUnfused"] = rmsNorm.Unfused;
        Norms["RmsNormFused"] = rmsNorm.forward;
        Norms["DytUnfused"] = dyt.Unfused;
        Norms["DytFused"] = dyt.forward;
        Norms["DerfUnfused"] = derf.Unfused;
        Norms["DerfFused"] = derf.forward;
        // Prebuilt graphs for the backward-only cases: each iteration runs backward again (retain_graph).
        xGrad = x.detach().requires_grad_(true);
        foreach (var (name, norm) in Norms) graphs[name] = norm(Activation(xGrad));
    }

    [Benchmark, BenchmarkCategory("Forward")]
    public void Copy() => Forward(t => t.clone());

    [Benchmark, BenchmarkCategory("Forward")]
    public void EmptyLike() => Forward(t => empty_like(t));

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public void LayerNormForward() => Forward("LayerNorm");

    [Benchmark, BenchmarkCategory("Forward")]
    public void RmsNormUnfusedForward() => Forward("RmsNormUnfused");

    [Benchmark, BenchmarkCategory("Forward")]
    public void RmsNormFusedForward() => Forward("RmsNormFused");

    [Benchmark, BenchmarkCategory("Forward")]
    public void DytUnfusedForward() => Forward("DytUnfused");

    [Benchmark, BenchmarkCategory("Forward")]
    public void DytFusedForward() => Forward("DytFused");

    [Benchmark, BenchmarkCategory("Forward")]
    public void DerfUnfusedForward() => Forward("DerfUnfused");

    [Benchmark, BenchmarkCategory("Forward")]
    public void DerfFusedForward() => Forward("DerfFused");

    [Benchmark(Baseline = true), BenchmarkCategory("Backward")]
    public void LayerNormBackward() => Backward("LayerNorm");

    [Benchmark, BenchmarkCategory("Backward")]
    public void RmsNormUnfusedBackward() => Backward("RmsNormUnfused");

    [Benchmark, BenchmarkCategory("Backward")]
    public void RmsNormFusedBackward() => Backward("RmsNormFused");

    [Benchmark, BenchmarkCategory("Backward")]
    public void DytUnfusedBackward() => Backward("DytUnfused");

    [Benchmark, BenchmarkCategory("Backward")]
    public void DytFusedBackward() => Backward("DytFused");

    [Benchmark, BenchmarkCategory("Backward")]
    public void DerfUnfusedBackward() => Backward("DerfUnfused");

    [Benchmark, BenchmarkCategory("Backward")]
    public void DerfFusedBackward() => Backward("DerfFused");

    [Benchmark(Baseline = true), BenchmarkCategory("ForwardBackward")]
    public void LayerNormForwardBackward() => ForwardBackward("LayerNorm");

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void RmsNormUnfusedForwardBackward() => ForwardBackward("RmsNormUnfused");

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void RmsNormFusedForwardBackward() => ForwardBackward("RmsNormFused");

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void DytUnfusedForwardBackward() => ForwardBackward("DytUnfused");

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void DytFusedForwardBackward() => ForwardBackward("DytFused");

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void DerfUnfusedForwardBackward() => ForwardBackward("DerfUnfused");

    [Benchmark, BenchmarkCategory("ForwardBackward")]
    public void DerfFusedForwardBackward() => ForwardBackward("DerfFused");

    /// <summary>Inference: no graph, every temporary freed at the end of the call.</summary>
    public void Forward(string norm) => Forward(Norms[norm]);

    /// <summary>Backward alone, over the graph built once in <see cref="Setup"/>.</summary>
    public void Backward(string norm)
    {
        using var scope = NewDisposeScope();
        graphs[norm].backward(new[] { upstream }, retain_graph: true);
    }

    /// <summary>A fresh graph from a view of a leaf, then backward.</summary>
    public void ForwardBackward(string norm)
    {
        using var scope = NewDisposeScope();
        var input = x.detach().requires_grad_(true);
        Norms[norm](Activation(input)).backward(new[] { upstream });
    }

    private void Forward(Func<Tensor, Tensor> norm)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        norm(x);
    }

    private static Tensor Activation(Tensor leaf) => leaf.view(leaf.shape);
}
