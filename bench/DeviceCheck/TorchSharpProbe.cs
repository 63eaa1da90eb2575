using System;
using System.Runtime.InteropServices;

namespace DyT.DeviceCheck;

/// <summary>
/// Loads TorchSharp's native library (built for LibTorch 2.10) against whatever libtorch the loader finds
/// (LD_LIBRARY_PATH set to PyTorch's lib folder by the script) and calls two of its exports; prints what happened.
/// .NET loads libraries lazily bound, so a load alone proves little: a missing libtorch symbol would fail only at its
/// first call. The library is therefore loaded with dlopen(RTLD_NOW), and the script also sets LD_BIND_NOW=1: every
/// symbol is resolved at load, and an ABI mismatch shows as dlerror's "undefined symbol".
/// </summary>
internal static unsafe class TorchSharpProbe
{
    private const int RtldNow = 2;

    public static int Run(string path)
    {
        var bindNow = Environment.GetEnvironmentVariable("LD_BIND_NOW") ?? "";
        var (library, error) = LoadNow(path);
        if (library == 0)
        {
            new JsonLine().Add("probe", "load").Add("ok", false).Add("LD_BIND_NOW", bindNow).Add("error", error).Print();
            return 0;
        }
        new JsonLine().Add("probe", "load").Add("ok", true).Add("path", path).Add("LD_BIND_NOW", bindNow).Print();
        foreach (var name in new[] { "THSTorchCuda_is_available", "THSTorchCuda_device_count" })
        {
            if (!NativeLibrary.TryGetExport(library, name, out var export))
            {
                new JsonLine().Add("probe", name).Add("ok", false).Add("error", "no such export").Print();
                continue;
            }
            var value = name.EndsWith("available") ? ((delegate* unmanaged<byte>)export)() : ((delegate* unmanaged<int>)export)();
            new JsonLine().Add("probe", name).Add("ok", true).Add("value", (long)value).Print();
        }
        return 0;
    }

    // dlopen(path, RTLD_NOW) from glibc (libc.so.6 from 2.34, libdl.so.2 before); the handle works with NativeLibrary.
    private static (nint Handle, string Error) LoadNow(string path)
    {
        foreach (var libc in new[] { "libc.so.6", "libdl.so.2" })
        {
            if (!NativeLibrary.TryLoad(libc, out var handle) ||
                !NativeLibrary.TryGetExport(handle, "dlopen", out var dlopen) || !NativeLibrary.TryGetExport(handle, "dlerror", out var dlerror))
                continue;
            var name = Marshal.StringToHGlobalAnsi(path);
            try
            {
                var library = ((delegate* unmanaged<nint, int, nint>)dlopen)(name, RtldNow);
                return library != 0 ? (library, "") : (0, Marshal.PtrToStringAnsi(((delegate* unmanaged<nint>)dlerror)()) ?? "dlopen failed");
            }
            finally
            {
                Marshal.FreeHGlobal(name);
            }
        }
        return (0, "no dlopen found in libc.so.6 or libdl.so.2");
    }
}
