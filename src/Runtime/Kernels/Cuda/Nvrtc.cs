using System;
using System.Runtime.InteropServices;
using System.Text;

namespace DyT.Kernels.Cuda;

/// <summary>NVRTC, bound from libnvrtc at run time: compiles CUDA C source to a cubin or PTX image.</summary>
public sealed unsafe class Nvrtc
{
    private readonly delegate* unmanaged<int*, int*, int> nvrtcVersion;
    private readonly delegate* unmanaged<int*, int> nvrtcGetNumSupportedArchs;
    private readonly delegate* unmanaged<int*, int> nvrtcGetSupportedArchs;
    private readonly delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int> nvrtcCreateProgram;
    private readonly delegate* unmanaged<nint, int, byte**, int> nvrtcCompileProgram;
    private readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetProgramLogSize;
    private readonly delegate* unmanaged<nint, byte*, int> nvrtcGetProgramLog;
    private readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetCUBINSize;
    private readonly delegate* unmanaged<nint, byte*, int> nvrtcGetCUBIN;
    private readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetPTXSize;
    private readonly delegate* unmanaged<nint, byte*, int> nvrtcGetPTX;
    private readonly delegate* unmanaged<nint*, int> nvrtcDestroyProgram;
    private readonly delegate* unmanaged<int, byte*> nvrtcGetErrorString;

    private Nvrtc(nint library, string path)
    {
        LibraryPath = path;
        nint Export(string name) => NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new CudaUnavailableException($"{path} has no export {name}: NVRTC 11.2 or newer is needed.");
        nvrtcVersion = (delegate* unmanaged<int*, int*, int>)Export("nvrtcVersion");
        nvrtcGetNumSupportedArchs = (delegate* unmanaged<int*, int>)Export("nvrtcGetNumSupportedArchs");
        nvrtcGetSupportedArchs = (delegate* unmanaged<int*, int>)Export("nvrtcGetSupportedArchs");
        nvrtcCreateProgram = (delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int>)Export("nvrtcCreateProgram");
        nvrtcCompileProgram = (delegate* unmanaged<nint, int, byte**, int>)Export("nvrtcCompileProgram");
        nvrtcGetProgramLogSize = (delegate* unmanaged<nint, nuint*, int>)Export("nvrtcGetProgramLogSize");
        nvrtcGetProgramLog = (delegate* unmanaged<nint, byte*, int>)Export("nvrtcGetProgramLog");
        nvrtcGetCUBINSize = (delegate* unmanaged<nint, nuint*, int>)Export("nvrtcGetCUBINSize");
        nvrtcGetCUBIN = (delegate* unmanaged<nint, byte*, int>)Export("nvrtcGetCUBIN");
        nvrtcGetPTXSize = (delegate* unmanaged<nint, nuint*, int>)Export("nvrtcGetPTXSize");
        nvrtcGetPTX = (delegate* unmanaged<nint, byte*, int>)Export("nvrtcGetPTX");
        nvrtcDestroyProgram = (delegate* unmanaged<nint*, int>)Export("nvrtcDestroyProgram");
        nvrtcGetErrorString = (delegate* unmanaged<int, byte*>)Export("nvrtcGetErrorString");
    }

    /// <summary>The file NVRTC was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>Loads libnvrtc (see <see cref="NativeLibraryLocator"/>).</summary>
    public static Nvrtc Load()
    {
        if (!NativeLibraryLocator.TryLoad(NativeLibraryLocator.NvrtcCandidates(Environment.GetEnvironmentVariable), out var handle, out var where))
            throw new CudaUnavailableException($"No NVRTC: {where}. Set DYT_NVRTC to the path of libnvrtc.so.");
        return new Nvrtc(handle, where);
    }

    /// <summary>NVRTC's version, e.g. (13, 0).</summary>
    public (int Major, int Minor) Version()
    {
        int major, minor;
        Check(nvrtcVersion(&major, &minor), "nvrtcVersion");
        return (major, minor);
    }

    /// <summary>The sm_XY architectures this NVRTC can emit cubins for, as XY.</summary>
    public int[] SupportedArchitectures()
    {
        int count;
        Check(nvrtcGetNumSupportedArchs(&count), "nvrtcGetNumSupportedArchs");
        var archs = new int[count];
        fixed (int* p = archs) Check(nvrtcGetSupportedArchs(p), "nvrtcGetSupportedArchs");
        return archs;
    }

    /// <summary>Compiles <paramref name="source"/> for <paramref name="target"/>; a compile error carries the log.</summary>
    public byte[] Compile(string source, string name, NvrtcTarget target)
    {
        nint created;
        fixed (byte* src = Utf8(source), file = Utf8(name))
            Check(nvrtcCreateProgram(&created, src, file, 0, null, null), "nvrtcCreateProgram");
        var program = created;
        try
        {
            var options = new byte[target.Options.Count][];
            var handles = new GCHandle[options.Length];
            var pointers = new byte*[options.Length];
            try
            {
                for (var i = 0; i < options.Length; i++)
                {
                    options[i] = Utf8(target.Options[i]);
                    handles[i] = GCHandle.Alloc(options[i], GCHandleType.Pinned);
                    pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
                }
                fixed (byte** p = pointers)
                    CudaErrors.CheckNvrtc(nvrtcCompileProgram(program, options.Length, p), "nvrtcCompileProgram", Describe, () => Log(program));
            }
            finally
            {
                foreach (var handle in handles) if (handle.IsAllocated) handle.Free();
            }
            return target.Cubin
                ? Read(program, nvrtcGetCUBINSize, nvrtcGetCUBIN, "nvrtcGetCUBIN")
                : Read(program, nvrtcGetPTXSize, nvrtcGetPTX, "nvrtcGetPTX");
        }
        finally
        {
            nvrtcDestroyProgram(&created);
        }
    }

    /// <summary>The description of an <c>nvrtcResult</c>.</summary>
    public string Describe(int code)
    {
        var text = nvrtcGetErrorString(code);
        return text == null ? $"nvrtcResult {code}" : Marshal.PtrToStringAnsi((nint)text)!;
    }

    private string Log(nint program)
    {
        nuint size;
        if (nvrtcGetProgramLogSize(program, &size) != CudaErrors.Success || size <= 1) return "";
        var log = new byte[size];
        fixed (byte* p = log) nvrtcGetProgramLog(program, p);
        return Encoding.UTF8.GetString(log, 0, (int)size - 1);
    }

    private byte[] Read(nint program, delegate* unmanaged<nint, nuint*, int> size, delegate* unmanaged<nint, byte*, int> get, string call)
    {
        nuint length;
        Check(size(program, &length), call + "Size");
        var image = new byte[length];
        fixed (byte* p = image) Check(get(program, p), call);
        return image;
    }

    private void Check(int code, string call) => CudaErrors.CheckNvrtc(code, call, Describe);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text + "\0");
}
