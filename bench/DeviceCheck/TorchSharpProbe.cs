using System;
using System.Runtime.InteropServices;

namespace DyT.DeviceCheck;

/// <summary>
/// Loads TorchSharp's native library (built for LibTorch 2.10) against whatever libtorch the loader finds
/// (LD_LIBRARY_PATH set to PyTorch's lib folder by the script) and calls two of its exports; prints what happened.
/// </summary>
internal static unsafe class TorchSharpProbe
{
    public static int Run(string path)
    {
        if (!NativeLibrary.TryLoad(path, out var library))
        {
            // TryLoad hides dlerror; Load throws with it.
            try { NativeLibrary.Load(path); }
            catch (Exception error) { Console.WriteLine($"{{\"probe\":\"load\",\"ok\":false,\"error\":{Json.Quote(error.Message)}}}"); }
            return 0;
        }
        Console.WriteLine($"{{\"probe\":\"load\",\"ok\":true,\"path\":{Json.Quote(path)}}}");
        foreach (var name in new[] { "THSTorchCuda_is_available", "THSTorchCuda_device_count" })
        {
            if (!NativeLibrary.TryGetExport(library, name, out var export))
            {
                Console.WriteLine($"{{\"probe\":{Json.Quote(name)},\"ok\":false,\"error\":\"no such export\"}}");
                continue;
            }
            try
            {
                var value = name.EndsWith("available") ? ((delegate* unmanaged<byte>)export)() : ((delegate* unmanaged<int>)export)();
                Console.WriteLine($"{{\"probe\":{Json.Quote(name)},\"ok\":true,\"value\":{value}}}");
            }
            catch (Exception error)
            {
                Console.WriteLine($"{{\"probe\":{Json.Quote(name)},\"ok\":false,\"error\":{Json.Quote(error.Message)}}}");
            }
        }
        return 0;
    }
}

/// <summary>JSON string literals without System.Text.Json's reflection (the harness is trimmed).</summary>
internal static class Json
{
    public static string Quote(string text)
    {
        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in text)
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return builder.Append('"').ToString();
    }
}
