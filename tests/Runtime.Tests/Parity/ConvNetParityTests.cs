using Xunit.Abstractions;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// The generated ConvNeXt and ResNet against the timm-structured references (tests/Parity/reference/convnext.py,
/// resnet.py). ResNet runs in eval mode, so BatchNorm uses the fixture's running statistics.
/// </summary>
public class ConvNetParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Layer_norm_convnext_matches_the_reference_output() =>
        ParityCheck.Run(new ParityConvNextLayerNorm(), "convnext_layernorm", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Dyt_convnext_matches_the_reference_output_and_gradients() =>
        ParityCheck.Run(new ParityConvNextDyT(), "convnext_dyt", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Every_key_of_the_dyt_convnext_is_read_by_the_forward() =>
        KeySensitivity.EveryKeyChangesTheOutput(new ParityConvNextDyT(), "convnext_dyt", (model, f) => model.forward(f.Input));

    [Fact]
    public void Batch_norm_resnet_matches_the_reference_output() =>
        ParityCheck.Run(new ParityResNetBatchNorm(), "resnet_batchnorm", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Dyt_resnet_matches_the_reference_output_and_gradients() =>
        ParityCheck.Run(new ParityResNetDyT(), "resnet_dyt", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Every_key_of_the_batch_norm_resnet_is_read_by_the_forward() =>
        KeySensitivity.EveryKeyChangesTheOutput(new ParityResNetBatchNorm(), "resnet_batchnorm", (model, f) => model.forward(f.Input));
}
