namespace DyT.Models;

// DiT-B/2, L/2, XL/2 on 32x32x4 latents (256px images), 1000 classes, learned sigma, with DyT: tanh(alpha x) before each
// modulation and no adaLN-Zero init (the paper's recipe).

/// <summary>DiT-B/2 with DyT.</summary>
[Transformer(Architecture.DiT, Dim = 768, Depth = 12, Heads = 12, PatchSize = 2, ImageSize = 32, InChannels = 4, Norm = NormKind.DyT)]
public partial class DitB2 { }

/// <summary>DiT-L/2 with DyT.</summary>
[Transformer(Architecture.DiT, Dim = 1024, Depth = 24, Heads = 16, PatchSize = 2, ImageSize = 32, InChannels = 4, Norm = NormKind.DyT)]
public partial class DitL2 { }

/// <summary>DiT-XL/2 with DyT.</summary>
[Transformer(Architecture.DiT, Dim = 1152, Depth = 28, Heads = 16, PatchSize = 2, ImageSize = 32, InChannels = 4, Norm = NormKind.DyT)]
public partial class DitXl2 { }
