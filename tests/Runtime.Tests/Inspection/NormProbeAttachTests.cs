using System;
using System.Linq;
using DyT.Inspection;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Inspection;

/// <summary>Attaching a probe, recording with it and detaching it leave the model's outputs and state as they were.</summary>
public class NormProbeAttachTests
{
    [Fact]
    public void Outputs_and_gradients_are_bitwise_the_same_with_the_probe_attached_recording_and_detached()
    {
        foreach (var model in new nn.Module<Tensor, Tensor>[] { new ProbeVitLayerNorm(), new ProbeVitDyT() })
        {
            var images = ProbeTensors.Gaussian([3, 1, 28, 28], 1.0, seed: 11);
            var (before, gradBefore) = OutputAndGradient(model, images);
            var stateBefore = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

            var probe = NormProbe.Attach(model);
            var (attached, gradAttached) = OutputAndGradient(model, images);
            Tensor? recorded = null, gradRecorded = null;
            var recording = probe.Record(() => (recorded, gradRecorded) = OutputAndGradient(model, images));
            probe.Dispose();
            var (after, gradAfter) = OutputAndGradient(model, images);

            Assert.Equal(5, recording.Layers.Count); // the hooks did run
            foreach (var (output, grad, when) in new[] { (attached, gradAttached, "attached"), (recorded!, gradRecorded!, "recording"), (after, gradAfter, "detached") })
            {
                Assert.True(ProbeTensors.BitwiseEqual(before, output), $"{model.GetType().Name}: output changed with the probe {when}.");
                Assert.True(ProbeTensors.BitwiseEqual(gradBefore, grad), $"{model.GetType().Name}: gradient changed with the probe {when}.");
            }
            var stateAfter = model.state_dict();
            Assert.Equal(stateBefore.Keys.Order(), stateAfter.Keys.Order());
            Assert.All(stateBefore, kv => Assert.True(ProbeTensors.BitwiseEqual(kv.Value, stateAfter[kv.Key]), kv.Key));
        }
    }

    [Fact]
    public void A_detached_probe_no_longer_records_and_says_so()
    {
        var model = new ProbeVitLayerNorm();
        var probe = NormProbe.Attach(model);
        probe.Dispose();
        Assert.Throws<ObjectDisposedException>(() => probe.Record(() => model.forward(zeros(1, 1, 28, 28))));
    }

    [Fact]
    public void Recordings_do_not_nest()
    {
        var model = new ProbeVitLayerNorm();
        using var probe = NormProbe.Attach(model);
        var error = Assert.Throws<InvalidOperationException>(() => probe.Record(() => probe.Record(() => { })));
        Assert.Contains("already recording", error.Message);
    }

    [Fact]
    public void A_model_without_norms_is_refused_with_what_the_probe_knows()
    {
        var error = Assert.Throws<ArgumentException>(() => NormProbe.Attach(nn.Linear(4, 4)));
        Assert.Contains("no norm layer", error.Message);
        Assert.Contains("DynamicTanh", error.Message);
    }

    [Fact]
    public void Norms_run_with_forward_are_not_seen_by_hooks()
    {
        var model = new ForwardOnly();
        using var probe = NormProbe.Attach(model);
        Assert.Single(probe.LayerPaths);
        Assert.Empty(probe.Record(() => model.forward(ones(2, 4))).Layers);
    }

    private static (Tensor Output, Tensor Gradient) OutputAndGradient(nn.Module<Tensor, Tensor> model, Tensor images)
    {
        model.zero_grad();
        var output = model.forward(images);
        output.square().sum().backward();
        var gradient = cat(model.parameters().Select(p => p.grad!.flatten()).ToArray());
        return (output.detach(), gradient);
    }
}
