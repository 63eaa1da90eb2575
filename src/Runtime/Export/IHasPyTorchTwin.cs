namespace DyT.Export;

/// <summary>
/// A generated model that carries its PyTorch twin: the same architecture as a Python <c>nn.Module</c> with the same
/// state-dict keys, norms and forward. The generator implements it on every model (the class's <c>PyTorchTwin</c> and
/// <c>PyTorchTwinClass</c> constants); <see cref="PyTorchTwin.Export"/> reads it.
/// </summary>
public interface IHasPyTorchTwin
{
    /// <summary>The Python module, written as <c>model.py</c>.</summary>
    string PyTorchTwinSource { get; }

    /// <summary>The class in <see cref="PyTorchTwinSource"/> that builds the model.</summary>
    string PyTorchTwinClass { get; }
}
