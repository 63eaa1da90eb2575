using System;

namespace DyT.Kernels.Cuda;

/// <summary>A CUDA driver call failed; carries the <c>CUresult</c>, its name and the call.</summary>
internal sealed class CudaException : Exception
{
    /// <summary>Creates the exception for <paramref name="call"/> returning <paramref name="code"/>.</summary>
    public CudaException(string call, int code, string name, string description)
        : base($"{call} failed with {name} ({code}): {description}")
    {
        Call = call;
        Code = code;
        Name = name;
    }

    /// <summary>The driver function that failed, e.g. <c>cuLaunchKernel</c>.</summary>
    public string Call { get; }

    /// <summary>The <c>CUresult</c> value.</summary>
    public int Code { get; }

    /// <summary>The <c>CUresult</c> name, e.g. <c>CUDA_ERROR_INVALID_VALUE</c>.</summary>
    public string Name { get; }
}

/// <summary>NVRTC failed; for a compile error <see cref="Log"/> holds the compiler's log.</summary>
internal sealed class NvrtcException : Exception
{
    /// <summary>Creates the exception for <paramref name="call"/> returning <paramref name="code"/>.</summary>
    public NvrtcException(string call, int code, string description, string log)
        : base($"{call} failed with {description} ({code})" + (log.Length == 0 ? "." : $"; NVRTC log:\n{log}"))
    {
        Call = call;
        Code = code;
        Log = log;
    }

    /// <summary>The NVRTC function that failed.</summary>
    public string Call { get; }

    /// <summary>The <c>nvrtcResult</c> value.</summary>
    public int Code { get; }

    /// <summary>The program log (compiler messages), empty when there is none.</summary>
    public string Log { get; }
}

/// <summary>The CUDA kernel layer cannot run here (no driver, no NVRTC, no device); the message says which.</summary>
internal sealed class CudaUnavailableException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public CudaUnavailableException(string reason) : base(reason) { }
}

/// <summary>Turns CUDA and NVRTC status codes into exceptions.</summary>
internal static class CudaErrors
{
    /// <summary>CUDA_SUCCESS and NVRTC_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>Throws a <see cref="CudaException"/> when <paramref name="code"/> is not success.</summary>
    /// <param name="code">The <c>CUresult</c>.</param>
    /// <param name="call">The driver function called.</param>
    /// <param name="describe">Name and description of a code (cuGetErrorName/cuGetErrorString).</param>
    public static void Check(int code, string call, Func<int, (string Name, string Description)> describe)
    {
        if (code == Success) return;
        var (name, description) = describe(code);
        throw new CudaException(call, code, name, description);
    }

    /// <summary>Throws an <see cref="NvrtcException"/> with the program log when <paramref name="code"/> is not success.</summary>
    public static void CheckNvrtc(int code, string call, Func<int, string> describe, Func<string>? log = null)
    {
        if (code == Success) return;
        throw new NvrtcException(call, code, describe(code), log?.Invoke().TrimEnd('\0', '\n', ' ') ?? "");
    }
}
