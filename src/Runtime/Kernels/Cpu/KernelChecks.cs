using System;

namespace DyT.Kernels.Cpu;

/// <summary>Argument checks shared by the CPU kernels' entry points.</summary>
internal static class KernelChecks
{
    /// <summary>Both data pointers are set unless the shape is empty, and C fits the kernels' int arithmetic.</summary>
    public static void Pointers(DytShape shape, nint first, string firstName, nint second, string secondName)
    {
        if (shape.Elements == 0) return;
        if (first == 0) throw new ArgumentNullException(firstName, $"{firstName} must point to {shape.Elements} elements; got null.");
        if (second == 0) throw new ArgumentNullException(secondName, $"{secondName} must point to {shape.Elements} elements; got null.");
        if (shape.Channels > int.MaxValue / 4)
            throw new ArgumentOutOfRangeException(nameof(shape), shape.Channels, $"channels must be <= {int.MaxValue / 4}; got {shape.Channels}.");
    }
}
