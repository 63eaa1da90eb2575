using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace DyT.Kernels.Cuda;

/// <summary>What the kernel layer needs of NVRTC; <see cref="Nvrtc"/> is the real one, tests use fakes.</summary>
internal interface INvrtc
{
    /// <summary>NVRTC's version, e.g. (12, 8).</summary>
    (int Major, int Minor) Version();

    /// <summary>The sm_XY architectures this NVRTC can emit cubins for, as XY.</summary>
    int[] SupportedArchitectures();

    /// <summary>
    /// Compiles <paramref name="source"/> (named <paramref name="name"/> in messages) for <paramref name="target"/>;
    /// <paramref name="headers"/> are the files it may #include, by name. A compile error carries the log.
    /// </summary>
    byte[] Compile(string source, string name, IReadOnlyDictionary<string, string> headers, NvrtcTarget target);
}

/// <summary>NVRTC, bound from libnvrtc at run time: compiles CUDA C source to a cubin or PTX image.</summary>
internal sealed unsafe class Nvrtc : INvrtc
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

    /// <summary>Loads libnvrtc (see <see cref="NativeLibraryLocator"/>: LibTorch's own first, then the system's).</summary>
    public static Nvrtc Load()
    {
        var candidates = NativeLibraryLocator.NvrtcCandidates(Environment.GetEnvironmentVariable, NativeLibraryLocator.LoadedLibraries(),
            NativeLibraryLocator.ListDirectory);
        if (!NativeLibraryLocator.TryLoad(candidates, out var handle, out var where))
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

    /// <inheritdoc/>
    public byte[] Compile(string source, string name, IReadOnlyDictionary<string, string> headers, NvrtcTarget target)
    {
        using var strings = new PinnedStrings();
        var headerNames = new List<string>(headers.Keys);
        var headerSources = headerNames.ConvertAll(header => headers[header]);
        nint created;
        fixed (byte** sources = strings.Pin(headerSources), names = strings.Pin(headerNames))
            Check(nvrtcCreateProgram(&created, strings.Pin(source), strings.Pin(name), headerNames.Count, sources, names), "nvrtcCreateProgram");
        var program = created;
        try
        {
            fixed (byte** options = strings.Pin(target.Options))
                CudaErrors.CheckNvrtc(nvrtcCompileProgram(program, target.Options.Count, options), "nvrtcCompileProgram", Describe, () => Log(program));
            return target.Cubin
                ? Read(program, nvrtcGetCUBINSize, nvrtcGetCUBIN, "nvrtcGetCUBIN")
                : Read(program, nvrtcGetPTXSize, nvrtcGetPTX, "nvrtcGetPTX");
        }
        finally
        {
            nvrtcDestroyProgram(&created);
        }
    }

    // NUL-terminated UTF-8 copies of strings, pinned until disposed.
    private sealed class PinnedStrings : IDisposable
    {
        private readonly List<GCHandle> handles = new();

        public byte* Pin(string text)
        {
            var handle = GCHandle.Alloc(Utf8(text), GCHandleType.Pinned);
            handles.Add(handle);
            return (byte*)handle.AddrOfPinnedObject();
        }

        public byte*[] Pin(IReadOnlyList<string> texts)
        {
            var pointers = new byte*[texts.Count];
            for (var i = 0; i < pointers.Length; i++) pointers[i] = Pin(texts[i]);
            return pointers;
        }

        public void Dispose()
        {
            foreach (var handle in handles) handle.Free();
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
