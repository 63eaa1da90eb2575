using DyT;

namespace Evidence;

// The MNIST ViTs are samples/MnistVit's own declarations (Models.cs, compiled into this project too).
// The ResNet of DYT001: the same small bottleneck ResNet twice, with BatchNorm (the reference) and with DyT in its place.
// Two stages of one bottleneck each (widths 64 and 128, timm's 7x7 stem and max-pool), on 28x28 digits.

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 1, NumClasses = 10)]
public partial class DigitResNetBatchNorm { }

#pragma warning disable DYT001 // Deliberate: this is the placement DYT001 warns about, trained to measure what it costs.
[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 1, NumClasses = 10, Norm = NormKind.DyT)]
public partial class DigitResNetDyT { }
#pragma warning restore DYT001
