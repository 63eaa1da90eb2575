using System;
using System.Linq;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>Every vector width, for theories that run a kernel at each (forced with <see cref="KernelWidths.Force"/>).</summary>
public static class KernelWidthData
{
    public static TheoryData<int> Widths => new(AllWidths);

    /// <summary>The widths as ints, narrowest first.</summary>
    public static int[] AllWidths => KernelWidths.All.Select(w => (int)w).ToArray();

    /// <summary>Forces the width named by a theory's int argument (xunit data cannot be of an internal type).</summary>
    public static IDisposable Force(int width) => KernelWidths.Force((KernelWidth)width);
}
