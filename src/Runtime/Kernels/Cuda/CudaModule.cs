using System.Collections.Generic;

namespace DyT.Kernels.Cuda;

/// <summary>
/// A <see cref="CudaProgram"/> loaded on one device: its kernels by name, launched in the device's primary context
/// on stream 0, with the caller's context made current again after every call.
/// </summary>
internal sealed unsafe class CudaModule : IKernelDevice
{
    private readonly ICudaDriver driver;
    private readonly Dictionary<string, nint> functions;

    public CudaModule(ICudaDriver driver, int device, int multiprocessors, NvrtcTarget target, Dictionary<string, nint> functions)
    {
        this.driver = driver;
        this.functions = functions;
        Device = device;
        Multiprocessors = multiprocessors;
        Target = target;
    }

    /// <summary>The device ordinal.</summary>
    public int Device { get; }

    /// <inheritdoc/>
    public int Multiprocessors { get; }

    /// <summary>What NVRTC compiled for this device.</summary>
    public NvrtcTarget Target { get; }

    /// <inheritdoc/>
    public int ActiveBlocksPerMultiprocessor(string kernel, int threadsPerBlock, int sharedBytes) =>
        driver.ActiveBlocksPerMultiprocessor(Function(kernel), threadsPerBlock, sharedBytes);

    /// <inheritdoc/>
    public void Launch(string kernel, Launch launch, KernelArguments arguments)
    {
        var function = Function(kernel);
        var slots = arguments.Slots();
        var previous = driver.EnterPrimaryContext(Device);
        try
        {
            fixed (ulong* values = slots)
            {
                var pointers = stackalloc void*[slots.Length];
                for (var i = 0; i < slots.Length; i++) pointers[i] = values + i;
                driver.Launch(function, launch, pointers);
            }
        }
        finally
        {
            driver.RestoreContext(previous);
        }
    }

    private nint Function(string kernel) =>
        functions.TryGetValue(kernel, out var function)
            ? function
            : throw new KeyNotFoundException($"The module has no kernel {kernel}; it has {string.Join(", ", functions.Keys)}.");
}
