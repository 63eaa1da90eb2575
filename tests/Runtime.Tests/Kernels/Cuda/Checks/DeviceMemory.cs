using System;
using System.Collections.Generic;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda.Checks;

/// <summary>GPU memory of one device (its primary context current while this lives), freed together.</summary>
internal sealed unsafe class DeviceMemory : IKernelMemory, IDisposable
{
    private readonly CudaDriver driver;
    private readonly nint previous;
    private readonly List<nint> allocations = new();

    public DeviceMemory(CudaDriver driver, int device)
    {
        this.driver = driver;
        previous = driver.EnterPrimaryContext(device);
    }

    public nint Allocate(long bytes)
    {
        var pointer = driver.Allocate(bytes);
        allocations.Add(pointer);
        return pointer;
    }

    public void Upload(nint destination, byte[] bytes)
    {
        fixed (byte* p = bytes) driver.CopyToDevice(destination, p, bytes.LongLength);
    }

    public byte[] Download(nint source, long bytes)
    {
        var values = new byte[bytes];
        fixed (byte* p = values) driver.CopyToHost(p, source, bytes);
        return values;
    }

    public void Synchronize() => driver.Synchronize();

    public void Dispose()
    {
        foreach (var pointer in allocations) driver.Free(pointer);
        allocations.Clear();
        driver.RestoreContext(previous);
    }
}
