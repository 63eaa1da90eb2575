using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>What kind of member the generator declares under a name, for the messages that name a conflict.</summary>
internal enum GeneratedMemberKind
{
    Constructor,
    Method,
    Constant,
    Property,
    Field,
    NestedType,
}

/// <summary>
/// One member the generator declares in the user's partial class.
/// </summary>
/// <param name="Name">Its name (<c>.ctor</c> for the constructor).</param>
/// <param name="Kind">What it is.</param>
/// <param name="Parameters">
/// For a method or constructor, its parameter types as Roslyn displays them (<c>TorchSharp.torch.Tensor</c>, <c>long</c>):
/// a user method of the same name and parameters conflicts with it, one with other parameters is an overload.
/// </param>
internal sealed record GeneratedMember(string Name, GeneratedMemberKind Kind, params string[] Parameters)
{
    /// <summary>"the field 'head'", for messages.</summary>
    public string Description => Kind switch
    {
        GeneratedMemberKind.Constructor => "the public parameterless constructor (it creates the layers)",
        GeneratedMemberKind.Method => $"the method '{Name}({string.Join(", ", Parameters.Select(ShortTypeName))})'",
        GeneratedMemberKind.Constant => $"the constant '{Name}'",
        GeneratedMemberKind.Property => $"the property '{Name}'",
        GeneratedMemberKind.Field => $"the field '{Name}' (a state-dict prefix)",
        _ => $"the nested module class '{Name}'",
    };

    private static string ShortTypeName(string type) => type.Substring(type.LastIndexOf('.') + 1);
}

/// <summary>
/// The one list of the names the generator declares in a model's partial class, per family: members, nested module
/// classes, the constructor and forward. The reader checks the user's half of the class against it (DYT022), so a
/// clash is a diagnostic on the user's declaration rather than CS0102/CS0111/CS0542 inside generated code. Whoever
/// makes the generator write a new member into the user's class adds its name here; a test compiles every family
/// and fails on any generated member missing from this list.
/// </summary>
internal static class GeneratedMembers
{
    private const string Tensor = "TorchSharp.torch.Tensor";

    /// <summary>Every model has these (but a BatchNorm ResNet's NormKind). Alpha constants are listed whatever the norm, as DyTNormOverride can switch it.</summary>
    private static readonly GeneratedMember[] Common =
    [
        new(".ctor", GeneratedMemberKind.Constructor),
        new("ParameterCount", GeneratedMemberKind.Constant),
        new("NormKind", GeneratedMemberKind.Constant),
        new("Summary", GeneratedMemberKind.Constant),
        new("Declaration", GeneratedMemberKind.Property),
        // The PyTorch twin's part of the class (TwinEmitter); its IHasPyTorchTwin members are explicit, so no name.
        new("PyTorchTwin", GeneratedMemberKind.Constant),
        new("PyTorchTwinClass", GeneratedMemberKind.Constant),
    ];

    /// <summary>The interface members every model implements explicitly (the declaration, the PyTorch twin).</summary>
    public static readonly ImmutableArray<string> ExplicitImplementations =
    [
        "DyT.Declarations.IDeclaredModel.Declaration",
        "DyT.Export.IHasPyTorchTwin.PyTorchTwinSource",
        "DyT.Export.IHasPyTorchTwin.PyTorchTwinClass",
    ];

    public static ImmutableArray<GeneratedMember> Of(ModelSpec spec) =>
    [
        // A ResNet with BatchNorm has no norm constants, and DyTNormOverride leaves it with BatchNorm.
        .. Common.Where(member => !(spec is ResNetSpec { Norm: null } && member.Name == "NormKind")),
        Forward(spec is DitSpec ? 3 : 1),
        .. spec switch
        {
            VitSpec => Members(["AlphaInit"], ["patch_embed", "cls_token", "pos_embed", "blocks", "norm", "head"], ["Block"]),
            LlamaSpec llama => [
                .. Members(["AlphaInitAttention", "AlphaInitFfn", "AlphaInitFinal"], llama.TieEmbeddings ? ["model"] : ["model", "lm_head"], ["Decoder", "Block"]),
                new GeneratedMember("forward", GeneratedMemberKind.Method, Tensor, "DyT.Generation.KvCache"), // the cached forward of ICausalLanguageModel
            ],
            DitSpec => Members(["AlphaInit", "AdaLnZeroInit", "NullClass"],
                ["x_embedder", "t_embedder", "y_embedder", "pos_embed", "blocks", "final_layer"], ["Block", "FinalLayer"]),
            ConvNextSpec => Members(["AlphaInit"], ["stem", "stages", "head"], ["Stage", "Block", "Head"]),
            ResNetSpec resNet => [
                .. Members(resNet.Norm is null ? ["UsesBatchNorm"] : ["AlphaInit", "UsesBatchNorm"],
                    ["conv1", "bn1", .. Enumerable.Range(0, resNet.Depths.Length).Select(ResNetTree.LayerName), "fc"], ["Bottleneck"]),
                new GeneratedMember("Stage", GeneratedMemberKind.Method, "long", "long", "int", "long"),
            ],
            _ => [],
        },
    ];

    private static GeneratedMember Forward(int inputs) =>
        new("forward", GeneratedMemberKind.Method, [.. Enumerable.Repeat(Tensor, inputs)]);

    private static IEnumerable<GeneratedMember> Members(string[] constants, string[] fields, string[] nestedTypes) =>
        constants.Select(name => new GeneratedMember(name, GeneratedMemberKind.Constant))
            .Concat(fields.Select(name => new GeneratedMember(name, GeneratedMemberKind.Field)))
            .Concat(nestedTypes.Select(name => new GeneratedMember(name, GeneratedMemberKind.NestedType)));
}
