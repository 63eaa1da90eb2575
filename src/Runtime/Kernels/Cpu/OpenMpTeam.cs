using System;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Runs parallel batches on an OpenMP thread team through <c>GOMP_parallel</c>, the entry point of GNU libgomp (also
/// offered by LLVM's libomp), as libtorch's own at::parallel_for does. The torch layer attaches the OpenMP runtime
/// that libtorch is linked against (<see cref="Torch.LibTorchOpenMp"/>); until then, and when it is not found, work
/// runs on .NET pool threads.
/// Why: after every parallel libtorch op its OpenMP workers keep spinning for a while, waiting for the next one. Work
/// handed to .NET pool threads in that window competes with them for the same cores: on two cores, between libtorch
/// ops, the fused backward's kernel ran 1.5-2.5x slower than when timed alone, and forward+backward went from
/// 0.94-1.07x to 1.44-1.67x LayerNorm's. Work handed to the team runs on the threads that are already awake.
/// </summary>
internal static unsafe class OpenMpTeam
{
    private static delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void> parallel;
    private static Func<int> threadCount = () => 0;

    /// <summary>True once an OpenMP runtime is attached; <see cref="Run"/> then uses its team.</summary>
    public static bool IsAttached => parallel != null;

    /// <summary>
    /// Uses <paramref name="gompParallel"/>, the address of <c>void GOMP_parallel(void (*fn)(void*), void* data,
    /// unsigned num_threads, unsigned flags)</c>, from now on, with <paramref name="threads"/> threads per run
    /// (asked each time; 0 means the OpenMP runtime's default). Attaching again replaces both.
    /// </summary>
    public static void Attach(nint gompParallel, Func<int> threads)
    {
        if (gompParallel == 0) throw new ArgumentException("GOMP_parallel's address must not be null.", nameof(gompParallel));
        threadCount = threads ?? throw new ArgumentNullException(nameof(threads));
        parallel = (delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void>)gompParallel;
    }

    /// <summary>
    /// Runs <paramref name="body"/> once for each batch 0..count-1 on the team. Threads take batches in any order, so
    /// results must not depend on which thread ran which batch. The first exception a batch throws is rethrown here,
    /// and batches not yet started are skipped.
    /// </summary>
    public static void Run(long count, Action<long> body)
    {
        if (parallel == null) throw new InvalidOperationException("No OpenMP runtime is attached; check IsAttached first.");
        var job = new Job(count, body);
        var handle = GCHandle.Alloc(job);
        try
        {
            parallel(&Work, GCHandle.ToIntPtr(handle), (uint)Math.Max(0, threadCount()), 0);
        }
        finally
        {
            handle.Free();
        }
        if (job.Error is not null) ExceptionDispatchInfo.Throw(job.Error);
    }

    // Runs on every thread of the team, the caller included. No exception may leave it: it would cross native frames.
    [UnmanagedCallersOnly]
    private static void Work(nint data)
    {
        var job = (Job)GCHandle.FromIntPtr(data).Target!;
        try
        {
            for (long batch; (batch = Interlocked.Increment(ref job.Next) - 1) < job.Count && job.Error is null;)
                job.Body(batch);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref job.Error, e, null);
        }
    }

    private sealed class Job(long count, Action<long> body)
    {
        public readonly long Count = count;
        public readonly Action<long> Body = body;
        public long Next;
        public Exception? Error;
    }
}
