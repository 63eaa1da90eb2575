using System.Diagnostics;

namespace DyT.Bench;

/// <summary>
/// Undoes BenchmarkDotNet's high priority. On Linux it raises only the main thread (nice -11 as root) while
/// libtorch's OpenMP workers stay at nice 0; the main thread then spins at an OpenMP barrier ahead of the workers it
/// waits for, and on a busy 2-core machine every libtorch op measured 10-30x slower than outside BenchmarkDotNet
/// (a 12 MB clone: 16 ms instead of 0.5 ms; a ViT-S step: 10 s instead of 0.7 s).
/// </summary>
internal static class NormalPriority
{
    public static void Restore()
    {
        using var process = Process.GetCurrentProcess();
        process.PriorityClass = ProcessPriorityClass.Normal;
        Thread.CurrentThread.Priority = ThreadPriority.Normal;
    }
}
