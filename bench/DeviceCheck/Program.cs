using System;
using DyT.DeviceCheck;
using DyT.Kernels.Cuda;

// DeviceCheck run [rows] [channels]       : our CUDA kernels, one JSON line per measurement (see KernelCheck)
// DeviceCheck probe <libLibTorchSharp.so> : whether TorchSharp's native library loads against this machine's libtorch
try
{
    return args.Length > 0 && args[0] == "probe"
        ? TorchSharpProbe.Run(args.Length > 1 ? args[1] : "libLibTorchSharp.so")
        : KernelCheck.Run(args.Length > 1 ? long.Parse(args[1]) : 8192, args.Length > 2 ? int.Parse(args[2]) : 4096);
}
catch (Exception error) when (error is CudaUnavailableException or CudaException or NvrtcException)
{
    Console.WriteLine($"{{\"error\":{Json.Quote(error.GetType().Name + ": " + error.Message)}}}");
    return 2;
}
