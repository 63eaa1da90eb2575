namespace DyT.Kernels.Cuda;

/// <summary>
/// One device with a kernel program loaded: what the norms' launch code needs. <see cref="CudaModule"/> is the real
/// one; the tests put fakes and a CPU emulation of the kernels behind it.
/// </summary>
internal interface IKernelDevice
{
    /// <summary>Streaming multiprocessors of the device.</summary>
    int Multiprocessors { get; }

    /// <summary>How many blocks of <paramref name="kernel"/> fit on one multiprocessor at once (at least 1).</summary>
    int ActiveBlocksPerMultiprocessor(string kernel, int threadsPerBlock, int sharedBytes);

    /// <summary>Launches <paramref name="kernel"/> on stream 0; the device's context is current only for the call.</summary>
    void Launch(string kernel, Launch launch, KernelArguments arguments);
}
