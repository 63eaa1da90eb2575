using System;
using System.Linq;
using DyT.Kernels.Cpu.Simd;
using DyT.Norms;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>Every vector width, for theories that run a kernel at each (forced with <see cref="KernelWidths.Force"/>).</summary>
public static class KernelWidthData
{
    public static TheoryData<int> Widths => new(AllWidths);

    /// <summary>The widths as ints, narrowest first.</summary>
    public static int[] AllWidths => KernelWidths.All.Select(w => (int)w).ToArray();

    /// <summary>
    /// Every width with the layer variants of the pointwise norms: channels-last with affine and bias, without bias,
    /// without affine, and channels-first.
    /// </summary>
    public static TheoryData<int, ChannelLayout, bool, bool> LayoutVariants()
    {
        var data = new TheoryData<int, ChannelLayout, bool, bool>();
        foreach (var width in AllWidths)
        {
            data.Add(width, ChannelLayout.Last, true, true);
            data.Add(width, ChannelLayout.Last, true, false);
            data.Add(width, ChannelLayout.Last, false, false);
            data.Add(width, ChannelLayout.First, true, true);
        }
        return data;
    }

    /// <summary>Forces the width named by a theory's int argument (xunit data cannot be of an internal type).</summary>
    public static IDisposable Force(int width) => KernelWidths.Force((KernelWidth)width);
}
