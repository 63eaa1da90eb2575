using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using DyT.Kernels;
using DyT.Kernels.Cpu;
using DyT.Kernels.Torch;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>A test of libtorch's Linux build, which links GNU libgomp; skipped elsewhere, with the reason.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "libtorch_cpu links GNU libgomp (GOMP_parallel) on Linux only.";
    }
}

public class OpenMpTeamTests
{
    public OpenMpTeamTests()
    {
        using var loaded = zeros(1); // libtorch_cpu is loaded by TorchSharp with the first tensor
        Assert.True(LibTorchOpenMp.EnsureAttached(), "GOMP_parallel was not found through the loaded libtorch_cpu.");
    }

    [LinuxFact]
    public void Every_batch_runs_exactly_once()
    {
        var runs = new int[1000];
        OpenMpTeam.Run(runs.Length, batch => Interlocked.Increment(ref runs[batch]));
        Assert.All(runs, count => Assert.Equal(1, count));
    }

    [LinuxFact]
    public void Batches_run_on_as_many_threads_as_libtorch_uses()
    {
        var threads = get_num_threads();
        Assert.True(threads >= 1, $"libtorch reports {threads} threads");
        // Each batch waits until every thread of the team has taken one, so one thread cannot take them all.
        var seen = new ConcurrentDictionary<int, bool>();
        var clock = Stopwatch.StartNew();
        OpenMpTeam.Run(threads, _ =>
        {
            seen[Environment.CurrentManagedThreadId] = true;
            while (seen.Count < threads && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.SpinWait(100);
        });
        Assert.Equal(threads, seen.Count);
    }

    [LinuxFact]
    public void An_exception_in_a_batch_reaches_the_caller_and_stops_the_remaining_batches()
    {
        var started = 0;
        var error = Assert.Throws<InvalidOperationException>(() => OpenMpTeam.Run(10_000, batch =>
        {
            Interlocked.Increment(ref started);
            if (batch == 3) throw new InvalidOperationException("batch 3 failed");
            Thread.SpinWait(1000);
        }));
        Assert.Equal("batch 3 failed", error.Message);
        Assert.True(started < 10_000, $"all {started} batches started after the failure");
        // The team is still usable.
        var after = new int[8];
        OpenMpTeam.Run(after.Length, batch => after[batch]++);
        Assert.All(after, count => Assert.Equal(1, count));
    }

    [LinuxFact]
    public void The_kernel_on_the_team_matches_float64_and_gives_the_same_bits_on_every_run()
    {
        Assert.True(OpenMpTeam.IsAttached);
        var random = new Random(5);
        var shape = DytShape.Rows(1500, 256); // 384K elements: 6 batches, parallel on the team
        Assert.True(WorkPlan.For(shape, hasWeight: true).Batches > 1);
        var x = DytReference.Random(random, shape.Elements, 3);
        var dy = DytReference.Random(random, shape.Elements);
        var w = DytReference.Random(random, shape.Channels);
        var runs = Enumerable.Range(0, 4).Select(_ => Float32Backward.Run(shape, x, dy, w, 0.5f)).ToList();

        var expected = DytReference.Backward(x, dy, shape.Channels, 1, 0.5, w);
        DytReference.Close(expected.Dx, runs[0].Dx, 1e-6, 1e-5, "dx");
        DytReference.Close(expected.DWeight, runs[0].DWeight, 1e-6 * 1500, 1e-5, "dweight");
        DytReference.Close(expected.DBias, runs[0].DBias, 1e-6 * 1500, 1e-5, "dbias");
        Assert.Equal(expected.DAlpha, runs[0].DAlpha, 1e-6 * shape.Elements);
        Assert.All(runs, run => run.AssertSameBits(runs[0]));
    }

    [LinuxFact]
    public void A_null_entry_point_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => OpenMpTeam.Attach(0, () => 1));
        Assert.Contains("GOMP_parallel", error.Message);
    }
}
