using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda.Emulation;

/// <summary>
/// An <see cref="IKernelDevice"/> whose kernels run on the CPU (emulation.cpp): the norms' real launch code drives
/// the real kernel source, with host memory as device memory. <see cref="Multiprocessors"/> and
/// <see cref="BlocksPerMultiprocessor"/> stand for a GPU's, to steer the plans (row blocks, reduction levels).
/// </summary>
internal sealed unsafe class EmulatedDevice : IKernelDevice
{
    private readonly delegate* unmanaged<byte*, uint, uint, uint, uint, uint, void**, int> launch;
    private readonly delegate* unmanaged<byte*> lastError;

    public EmulatedDevice(CudaProgram program, int multiprocessors = 4, int blocksPerMultiprocessor = 4)
    {
        var library = EmulationLibrary.For(program);
        launch = (delegate* unmanaged<byte*, uint, uint, uint, uint, uint, void**, int>)NativeLibrary.GetExport(library, "emu_launch");
        lastError = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(library, "emu_last_error");
        Multiprocessors = multiprocessors;
        BlocksPerMultiprocessor = blocksPerMultiprocessor;
    }

    public int Multiprocessors { get; }

    public int BlocksPerMultiprocessor { get; }

    /// <summary>Every launch so far: kernel and geometry.</summary>
    public List<(string Kernel, Launch Launch)> Launches { get; } = new();

    public int ActiveBlocksPerMultiprocessor(string kernel, int threadsPerBlock, int sharedBytes) => BlocksPerMultiprocessor;

    public void Launch(string kernel, Launch geometry, KernelArguments arguments)
    {
        Launches.Add((kernel, geometry));
        var slots = arguments.Slots();
        var name = System.Text.Encoding.ASCII.GetBytes(kernel + "\0");
        fixed (ulong* values = slots)
        fixed (byte* text = name)
        {
            var pointers = stackalloc void*[slots.Length];
            for (var i = 0; i < slots.Length; i++) pointers[i] = values + i;
            if (launch(text, (uint)geometry.GridX, (uint)geometry.GridY, (uint)geometry.BlockX, (uint)geometry.BlockY, (uint)geometry.SharedBytes, pointers) != 0)
                throw new InvalidOperationException("Emulated launch failed: " + Marshal.PtrToStringAnsi((nint)lastError()));
        }
    }
}
