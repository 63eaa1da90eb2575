using System;
using DyT;

// DyT in place of a ResNet's BatchNorm: the placement the paper shows to fail (ResNet-50 top-1 76.2% -> 68.9%).
// The build warns DYT001 on the attribute below; the "Keep BatchNorm" fix removes the Norm argument.
Console.WriteLine($"{nameof(DyTResNet)} is declared with DyT in place of BatchNorm; see the DYT001 warning of this build.");

[ConvNet(ConvArchitecture.ResNet, Norm = NormKind.DyT)]
public partial class DyTResNet { }
