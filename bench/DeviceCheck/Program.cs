using System;
using DyT.DeviceCheck;
using DyT.Kernels.Cuda;

// DeviceCheck sweep [device]                 : correctness of every kernel on the sweep, one JSON line per case
// DeviceCheck bench [device]                 : speed of every norm against a device copy, one JSON line per measurement
// DeviceCheck probe <libLibTorchSharp.so>    : whether TorchSharp's native library binds against this machine's libtorch
// DeviceCheck sweep-emulated                 : the tests' sweep on the CPU emulation (no GPU; g++ and the repository)
// Exit code: 0 when every case passed, 1 when one failed, 2 when CUDA is unavailable (the line says why).
var command = args.Length > 0 ? args[0] : "sweep";
if (command == "probe") return TorchSharpProbe.Run(args.Length > 1 ? args[1] : "libLibTorchSharp.so");
if (command == "sweep-emulated") return SweepCheck.RunEmulated();
var device = args.Length > 1 ? int.Parse(args[1]) : 0;
var runtime = CudaRuntime.Shared;
new JsonLine().Add("check", "runtime").Add("available", runtime.IsAvailable).Add("status", runtime.Status).Print();
if (!runtime.IsAvailable) return 2;
var (major, minor, sms) = runtime.Driver.Properties(device);
new JsonLine().Add("check", "device").Add("device", (long)device).Add("architecture", $"sm_{major}{minor}").Add("multiprocessors", (long)sms)
    .Add("driver_cuda", $"{runtime.Driver.Version() / 1000}.{runtime.Driver.Version() % 1000 / 10}").Print();
return command switch
{
    "sweep" => SweepCheck.Run(device),
    "bench" => BenchCheck.Run(device),
    _ => throw new ArgumentException($"command must be sweep, bench or probe; got {command}."),
};
