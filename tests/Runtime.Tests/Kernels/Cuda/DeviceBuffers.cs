using System;
using System.Collections.Generic;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

/// <summary>Device allocations of one test, freed together.</summary>
internal sealed unsafe class DeviceBuffers(CudaDriver driver) : IDisposable
{
    private readonly List<nint> allocations = new();

    public nint Allocate(long bytes)
    {
        var pointer = driver.Allocate(bytes);
        allocations.Add(pointer);
        return pointer;
    }

    public nint Upload(float[] values)
    {
        var pointer = Allocate(values.Length * 4L);
        fixed (float* p = values) driver.CopyToDevice(pointer, p, values.Length * 4L);
        return pointer;
    }

    public float[] Download(nint pointer, long count)
    {
        var values = new float[count];
        fixed (float* p = values) driver.CopyToHost(p, pointer, count * 4);
        return values;
    }

    public void Dispose()
    {
        foreach (var pointer in allocations) driver.Free(pointer);
        allocations.Clear();
    }
}
