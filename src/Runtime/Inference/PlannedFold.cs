using System.Collections.Generic;
using DyT.Norms;
using TorchSharp.Modules;

namespace DyT.Inference;

/// <summary>One norm to fold: the places it is held (one: shared norms are refused), its affine, and the Linear layers that read it.</summary>
/// <param name="Path">The norm's module path.</param>
/// <param name="Slots">Where the norm is held, to put its affine-free twin there.</param>
/// <param name="Affine">Its weight and bias.</param>
/// <param name="Linears">The Linear layers that read its output, by path.</param>
internal sealed record PlannedFold(string Path, IReadOnlyList<NormSlot> Slots, NormAffine Affine, IReadOnlyList<(string Path, Linear Linear)> Linears);
