using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace DyT.Kernels.Cuda;

/// <summary>What the kernel layer needs of the CUDA driver; <see cref="CudaDriver"/> is the real one, tests use fakes.</summary>
internal unsafe interface ICudaDriver
{
    /// <summary>The CUDA version the driver supports, as 1000 * major + 10 * minor (cuDriverGetVersion).</summary>
    int Version();

    /// <summary>Number of CUDA devices.</summary>
    int DeviceCount();

    /// <summary>Compute capability and multiprocessor count of device <paramref name="ordinal"/>.</summary>
    (int Major, int Minor, int Multiprocessors) Properties(int ordinal);

    /// <summary>Makes the device's primary context current on this thread; returns the context that was current (or 0).</summary>
    nint EnterPrimaryContext(int ordinal);

    /// <summary>Makes <paramref name="previous"/> (from <see cref="EnterPrimaryContext"/>) current again; 0 unbinds.</summary>
    void RestoreContext(nint previous);

    /// <summary>Loads a cubin or PTX image into the current context.</summary>
    nint LoadModule(byte[] image);

    /// <summary>A kernel of a loaded module by its extern "C" name.</summary>
    nint Function(nint module, string name);

    /// <summary>Blocks of <paramref name="function"/> that fit on one multiprocessor at once.</summary>
    int ActiveBlocksPerMultiprocessor(nint function, int threadsPerBlock, int sharedBytes);

    /// <summary>Launches <paramref name="function"/> on stream 0 of the current context.</summary>
    void Launch(nint function, Launch launch, void** arguments);
}

/// <summary>
/// The CUDA driver API entry points the kernels use, bound from libcuda at run time (no link-time dependency, so
/// the runtime loads on machines without a GPU). Every call is checked and failures become <see cref="CudaException"/>.
/// </summary>
internal sealed unsafe class CudaDriver : ICudaDriver
{
    private const int AttributeMultiprocessors = 16, AttributeMajor = 75, AttributeMinor = 76;

    private readonly delegate* unmanaged<uint, int> cuInit;
    private readonly delegate* unmanaged<int*, int> cuDriverGetVersion;
    private readonly delegate* unmanaged<int*, int> cuDeviceGetCount;
    private readonly delegate* unmanaged<int*, int, int> cuDeviceGet;
    private readonly delegate* unmanaged<int*, int, int, int> cuDeviceGetAttribute;
    private readonly delegate* unmanaged<nint*, int, int> cuDevicePrimaryCtxRetain;
    private readonly delegate* unmanaged<nint*, int> cuCtxGetCurrent;
    private readonly delegate* unmanaged<nint, int> cuCtxSetCurrent;
    private readonly delegate* unmanaged<int> cuCtxSynchronize;
    private readonly delegate* unmanaged<nint*, void*, int> cuModuleLoadData;
    private readonly delegate* unmanaged<nint*, nint, byte*, int> cuModuleGetFunction;
    private readonly delegate* unmanaged<int*, nint, int, nuint, int> cuOccupancyMaxActiveBlocksPerMultiprocessor;
    private readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> cuLaunchKernel;
    private readonly delegate* unmanaged<int, byte**, int> cuGetErrorName;
    private readonly delegate* unmanaged<int, byte**, int> cuGetErrorString;
    private readonly delegate* unmanaged<nint*, nuint, int> cuMemAlloc;
    private readonly delegate* unmanaged<nint, int> cuMemFree;
    private readonly delegate* unmanaged<nint, void*, nuint, int> cuMemcpyHtoD;
    private readonly delegate* unmanaged<void*, nint, nuint, int> cuMemcpyDtoH;
    private readonly delegate* unmanaged<nint, nint, nuint, int> cuMemcpyDtoD;
    private readonly delegate* unmanaged<nint*, uint, int> cuEventCreate;
    private readonly delegate* unmanaged<nint, nint, int> cuEventRecord;
    private readonly delegate* unmanaged<nint, int> cuEventSynchronize;
    private readonly delegate* unmanaged<float*, nint, nint, int> cuEventElapsedTime;
    private readonly delegate* unmanaged<nint, int> cuEventDestroy;

    // Retained once per device and kept for the life of the process, as the CUDA runtime does.
    private readonly Dictionary<int, nint> primaryContexts = new();

    private CudaDriver(nint library, string path)
    {
        LibraryPath = path;
        nint Export(params string[] names)
        {
            foreach (var name in names)
                if (NativeLibrary.TryGetExport(library, name, out var address)) return address;
            throw new CudaUnavailableException($"{path} has no export {names[0]}: the CUDA driver is too old.");
        }
        cuInit = (delegate* unmanaged<uint, int>)Export("cuInit");
        cuDriverGetVersion = (delegate* unmanaged<int*, int>)Export("cuDriverGetVersion");
        cuDeviceGetCount = (delegate* unmanaged<int*, int>)Export("cuDeviceGetCount");
        cuDeviceGet = (delegate* unmanaged<int*, int, int>)Export("cuDeviceGet");
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)Export("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, int>)Export("cuDevicePrimaryCtxRetain");
        cuCtxGetCurrent = (delegate* unmanaged<nint*, int>)Export("cuCtxGetCurrent");
        cuCtxSetCurrent = (delegate* unmanaged<nint, int>)Export("cuCtxSetCurrent");
        cuCtxSynchronize = (delegate* unmanaged<int>)Export("cuCtxSynchronize");
        cuModuleLoadData = (delegate* unmanaged<nint*, void*, int>)Export("cuModuleLoadData");
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)Export("cuModuleGetFunction");
        cuOccupancyMaxActiveBlocksPerMultiprocessor = (delegate* unmanaged<int*, nint, int, nuint, int>)Export("cuOccupancyMaxActiveBlocksPerMultiprocessor");
        cuLaunchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)Export("cuLaunchKernel");
        cuGetErrorName = (delegate* unmanaged<int, byte**, int>)Export("cuGetErrorName");
        cuGetErrorString = (delegate* unmanaged<int, byte**, int>)Export("cuGetErrorString");
        cuMemAlloc = (delegate* unmanaged<nint*, nuint, int>)Export("cuMemAlloc_v2");
        cuMemFree = (delegate* unmanaged<nint, int>)Export("cuMemFree_v2");
        cuMemcpyHtoD = (delegate* unmanaged<nint, void*, nuint, int>)Export("cuMemcpyHtoD_v2");
        cuMemcpyDtoH = (delegate* unmanaged<void*, nint, nuint, int>)Export("cuMemcpyDtoH_v2");
        cuMemcpyDtoD = (delegate* unmanaged<nint, nint, nuint, int>)Export("cuMemcpyDtoD_v2");
        cuEventCreate = (delegate* unmanaged<nint*, uint, int>)Export("cuEventCreate");
        cuEventRecord = (delegate* unmanaged<nint, nint, int>)Export("cuEventRecord");
        cuEventSynchronize = (delegate* unmanaged<nint, int>)Export("cuEventSynchronize");
        cuEventElapsedTime = (delegate* unmanaged<float*, nint, nint, int>)Export("cuEventElapsedTime_v2", "cuEventElapsedTime");
        cuEventDestroy = (delegate* unmanaged<nint, int>)Export("cuEventDestroy_v2");
        Check(cuInit(0), "cuInit");
    }

    /// <summary>The file the driver was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>Loads libcuda (see <see cref="NativeLibraryLocator"/>) and initializes it.</summary>
    public static CudaDriver Load()
    {
        if (!NativeLibraryLocator.TryLoad(NativeLibraryLocator.DriverCandidates(Environment.GetEnvironmentVariable), out var handle, out var where))
            throw new CudaUnavailableException($"No CUDA driver: {where}.");
        return new CudaDriver(handle, where);
    }

    /// <inheritdoc/>
    public int Version()
    {
        int version;
        Check(cuDriverGetVersion(&version), "cuDriverGetVersion");
        return version;
    }

    /// <inheritdoc/>
    public int DeviceCount()
    {
        int count;
        Check(cuDeviceGetCount(&count), "cuDeviceGetCount");
        return count;
    }

    /// <inheritdoc/>
    public (int Major, int Minor, int Multiprocessors) Properties(int ordinal)
    {
        int device, major, minor, sms;
        Check(cuDeviceGet(&device, ordinal), "cuDeviceGet");
        Check(cuDeviceGetAttribute(&major, AttributeMajor, device), "cuDeviceGetAttribute");
        Check(cuDeviceGetAttribute(&minor, AttributeMinor, device), "cuDeviceGetAttribute");
        Check(cuDeviceGetAttribute(&sms, AttributeMultiprocessors, device), "cuDeviceGetAttribute");
        return (major, minor, sms);
    }

    /// <summary>
    /// Makes the primary context of device <paramref name="ordinal"/> current on this thread (the context the CUDA
    /// runtime, and so libtorch, uses) and returns the one that was current, for <see cref="RestoreContext"/>: the
    /// caller's current device (libtorch's, around a cuda:1 call) is left as it was.
    /// </summary>
    public nint EnterPrimaryContext(int ordinal)
    {
        nint context, previous;
        lock (primaryContexts)
        {
            if (!primaryContexts.TryGetValue(ordinal, out context))
            {
                int device;
                Check(cuDeviceGet(&device, ordinal), "cuDeviceGet");
                Check(cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
                primaryContexts[ordinal] = context;
            }
        }
        Check(cuCtxGetCurrent(&previous), "cuCtxGetCurrent");
        if (previous != context) Check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
        return previous;
    }

    /// <inheritdoc/>
    public void RestoreContext(nint previous)
    {
        nint current;
        Check(cuCtxGetCurrent(&current), "cuCtxGetCurrent");
        if (current != previous) Check(cuCtxSetCurrent(previous), "cuCtxSetCurrent");
    }

    /// <inheritdoc/>
    public nint LoadModule(byte[] image)
    {
        nint module;
        fixed (byte* data = image) Check(cuModuleLoadData(&module, data), "cuModuleLoadData");
        return module;
    }

    /// <inheritdoc/>
    public nint Function(nint module, string name)
    {
        nint function;
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes) Check(cuModuleGetFunction(&function, module, p), "cuModuleGetFunction(" + name + ")");
        return function;
    }

    /// <inheritdoc/>
    public int ActiveBlocksPerMultiprocessor(nint function, int threadsPerBlock, int sharedBytes)
    {
        int blocks;
        Check(cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, function, threadsPerBlock, (nuint)sharedBytes),
            "cuOccupancyMaxActiveBlocksPerMultiprocessor");
        return blocks;
    }

    /// <summary>Launches <paramref name="function"/> on stream 0 (the legacy default stream libtorch uses).</summary>
    public void Launch(nint function, Launch launch, void** arguments) =>
        Check(cuLaunchKernel(function, (uint)launch.GridX, (uint)launch.GridY, 1, (uint)launch.BlockX, (uint)launch.BlockY, 1,
            (uint)launch.SharedBytes, 0, arguments, null), "cuLaunchKernel");

    /// <summary>Waits for all work of the current context.</summary>
    public void Synchronize() => Check(cuCtxSynchronize(), "cuCtxSynchronize");

    /// <summary>Allocates device memory in the current context.</summary>
    public nint Allocate(long bytes)
    {
        nint pointer;
        Check(cuMemAlloc(&pointer, (nuint)Math.Max(1, bytes)), "cuMemAlloc");
        return pointer;
    }

    /// <summary>Frees device memory from <see cref="Allocate"/>.</summary>
    public void Free(nint pointer) => Check(cuMemFree(pointer), "cuMemFree");

    /// <summary>Copies host to device.</summary>
    public void CopyToDevice(nint destination, void* source, long bytes) => Check(cuMemcpyHtoD(destination, source, (nuint)bytes), "cuMemcpyHtoD");

    /// <summary>Copies device to host.</summary>
    public void CopyToHost(void* destination, nint source, long bytes) => Check(cuMemcpyDtoH(destination, source, (nuint)bytes), "cuMemcpyDtoH");

    /// <summary>Copies device to device (the bandwidth ceiling of the device check).</summary>
    public void CopyOnDevice(nint destination, nint source, long bytes) => Check(cuMemcpyDtoD(destination, source, (nuint)bytes), "cuMemcpyDtoD");

    /// <summary>Creates a CUDA event with timing.</summary>
    public nint CreateEvent()
    {
        nint e;
        Check(cuEventCreate(&e, 0), "cuEventCreate");
        return e;
    }

    /// <summary>Records <paramref name="e"/> on stream 0.</summary>
    public void Record(nint e) => Check(cuEventRecord(e, 0), "cuEventRecord");

    /// <summary>Milliseconds between two recorded events, waiting for the second.</summary>
    public float Elapsed(nint start, nint stop)
    {
        Check(cuEventSynchronize(stop), "cuEventSynchronize");
        float milliseconds;
        Check(cuEventElapsedTime(&milliseconds, start, stop), "cuEventElapsedTime");
        return milliseconds;
    }

    /// <summary>Destroys an event from <see cref="CreateEvent"/>.</summary>
    public void DestroyEvent(nint e) => cuEventDestroy(e);

    /// <summary>Milliseconds <paramref name="work"/> takes on stream 0, measured with CUDA events.</summary>
    public float Time(Action work)
    {
        nint start = CreateEvent(), stop = CreateEvent();
        try
        {
            Record(start);
            work();
            Record(stop);
            return Elapsed(start, stop);
        }
        finally
        {
            DestroyEvent(start);
            DestroyEvent(stop);
        }
    }

    /// <summary>Name and description of a <c>CUresult</c>.</summary>
    public (string Name, string Description) Describe(int code)
    {
        byte* name = null, text = null;
        cuGetErrorName(code, &name);
        cuGetErrorString(code, &text);
        return (name == null ? $"CUresult {code}" : Marshal.PtrToStringAnsi((nint)name)!,
            text == null ? "unknown error" : Marshal.PtrToStringAnsi((nint)text)!);
    }

    private void Check(int code, string call) => CudaErrors.Check(code, call, Describe);
}
