namespace DyT.Generators.Emit;

/// <summary>The fully qualified runtime types emitted code refers to.</summary>
internal static class TypeNames
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Module = "global::TorchSharp.torch.nn.Module<" + Tensor + ", " + Tensor + ">";
    public const string ModuleThreeInputs = "global::TorchSharp.torch.nn.Module<" + Tensor + ", " + Tensor + ", " + Tensor + ", " + Tensor + ">";
    public const string ModuleTwoInputs = "global::TorchSharp.torch.nn.Module<" + Tensor + ", " + Tensor + ", " + Tensor + ">";
    public const string Sequential = "global::TorchSharp.Modules.Sequential";
    public const string Conv2d = "global::TorchSharp.Modules.Conv2d";
    public const string Parameter = "global::TorchSharp.Modules.Parameter";
    public const string Linear = "global::TorchSharp.Modules.Linear";
    public const string ModuleList = "global::TorchSharp.Modules.ModuleList";
    public const string Torch = "global::TorchSharp.torch";
    public const string DisposeScope = "global::TorchSharp.DisposeScope";
    public const string NormKind = "global::DyT.NormKind";
    public const string Blocks = "global::DyT.Blocks";
    public const string WeightInit = "global::DyT.Blocks.WeightInit";
}
