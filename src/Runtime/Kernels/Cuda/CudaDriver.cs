using System;
using System.Runtime.InteropServices;

namespace DyT.Kernels.Cuda;

/// <summary>
/// The CUDA driver API entry points the kernels use, bound from libcuda at run time (no link-time dependency, so
/// the runtime loads on machines without a GPU). Every call is checked and failures become <see cref="CudaException"/>.
/// </summary>
public sealed unsafe class CudaDriver
{
    private const int AttributeMultiprocessors = 16, AttributeMajor = 75, AttributeMinor = 76;

    private readonly delegate* unmanaged<uint, int> cuInit;
    private readonly delegate* unmanaged<int*, int> cuDeviceGetCount;
    private readonly delegate* unmanaged<int*, int, int> cuDeviceGet;
    private readonly delegate* unmanaged<int*, int, int, int> cuDeviceGetAttribute;
    private readonly delegate* unmanaged<nint*, int, int> cuDevicePrimaryCtxRetain;
    private readonly delegate* unmanaged<nint, int> cuCtxSetCurrent;
    private readonly delegate* unmanaged<int> cuCtxSynchronize;
    private readonly delegate* unmanaged<nint*, void*, int> cuModuleLoadData;
    private readonly delegate* unmanaged<nint*, nint, byte*, int> cuModuleGetFunction;
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
        cuDeviceGetCount = (delegate* unmanaged<int*, int>)Export("cuDeviceGetCount");
        cuDeviceGet = (delegate* unmanaged<int*, int, int>)Export("cuDeviceGet");
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)Export("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, int>)Export("cuDevicePrimaryCtxRetain");
        cuCtxSetCurrent = (delegate* unmanaged<nint, int>)Export("cuCtxSetCurrent");
        cuCtxSynchronize = (delegate* unmanaged<int>)Export("cuCtxSynchronize");
        cuModuleLoadData = (delegate* unmanaged<nint*, void*, int>)Export("cuModuleLoadData");
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)Export("cuModuleGetFunction");
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

    /// <summary>Number of CUDA devices.</summary>
    public int DeviceCount()
    {
        int count;
        Check(cuDeviceGetCount(&count), "cuDeviceGetCount");
        return count;
    }

    /// <summary>Compute capability and multiprocessor count of device <paramref name="ordinal"/>.</summary>
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
    /// Makes the primary context of device <paramref name="ordinal"/> current on this thread: the context the CUDA
    /// runtime, and so libtorch, uses; retaining it again is cheap and keeps it alive.
    /// </summary>
    public void UsePrimaryContext(int ordinal)
    {
        nint context;
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
        Check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    // Retained once per device and kept for the life of the process, as the CUDA runtime does.
    private readonly System.Collections.Generic.Dictionary<int, nint> primaryContexts = new();

    /// <summary>Loads a cubin or PTX image into the current context.</summary>
    public nint LoadModule(byte[] image)
    {
        nint module;
        fixed (byte* data = image) Check(cuModuleLoadData(&module, data), "cuModuleLoadData");
        return module;
    }

    /// <summary>A kernel of a loaded module by its extern "C" name.</summary>
    public nint Function(nint module, string name)
    {
        nint function;
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes) Check(cuModuleGetFunction(&function, module, p), "cuModuleGetFunction(" + name + ")");
        return function;
    }

    /// <summary>Launches <paramref name="function"/> on stream 0 (the legacy default stream libtorch uses).</summary>
    public void Launch(nint function, Launch launch, void** arguments) =>
        Check(cuLaunchKernel(function, (uint)launch.GridX, (uint)launch.GridY, 1, (uint)launch.BlockX, (uint)launch.BlockY, 1,
            (uint)launch.SharedBytes, 0, arguments, null), "cuLaunchKernel");

    /// <summary>Waits for all work of the current context.</summary>
    public void Synchronize() => Check(cuCtxSynchronize(), "cuCtxSynchronize");

    /// <summary>Allocates device memory.</summary>
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

    /// <summary>Milliseconds <paramref name="work"/> takes on stream 0, measured with CUDA events.</summary>
    public float Time(Action work)
    {
        nint start, stop;
        Check(cuEventCreate(&start, 0), "cuEventCreate");
        Check(cuEventCreate(&stop, 0), "cuEventCreate");
        try
        {
            Check(cuEventRecord(start, 0), "cuEventRecord");
            work();
            Check(cuEventRecord(stop, 0), "cuEventRecord");
            Check(cuEventSynchronize(stop), "cuEventSynchronize");
            float milliseconds;
            Check(cuEventElapsedTime(&milliseconds, start, stop), "cuEventElapsedTime");
            return milliseconds;
        }
        finally
        {
            cuEventDestroy(start);
            cuEventDestroy(stop);
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
