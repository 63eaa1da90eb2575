using System;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit;

/// <summary>
/// The parts every emitted TorchSharp module has, written the same way in every family: fields named as the PyTorch
/// keys, a constructor ending in RegisterComponents(), a forward, and nested module classes. A forward runs its
/// submodules with <c>call</c>, not <c>forward</c>, as TorchSharp's Sequential does and as PyTorch's <c>module(x)</c>
/// does: <c>call</c> runs the hooks registered on a submodule (DyT.Inspection's NormProbe reads norm inputs that way).
/// <para>
/// Emitted code must compile whatever the user's project declares around it, so it names no type <c>var</c> could
/// stand for (locals have explicit types), writes module names as string literals rather than <c>nameof</c> (a type
/// called <c>nameof</c> would capture it), and qualifies every runtime type with <c>global::</c>.
/// </para>
/// </summary>
internal static class ModuleWriter
{
    /// <summary>A nested module class: its doc line, header and body.</summary>
    public static void NestedClass(CodeWriter writer, string doc, string name, string baseType, Action<CodeWriter> body)
    {
        writer.Line($"/// <summary>{doc}</summary>");
        using (writer.Block($"public sealed class {name} : {baseType}"))
        {
            body(writer);
        }
    }

    /// <summary>Private readonly fields, one per state-dict prefix, then a blank line.</summary>
    public static void Fields(CodeWriter writer, params (string Type, string Name)[] fields)
    {
        foreach (var (type, name) in fields) writer.Line($"private readonly {type} {name};");
        writer.Line();
    }

    /// <summary>A documented constructor whose body ends by registering the fields as submodules and parameters.</summary>
    public static void Constructor(CodeWriter writer, string doc, string signature, Action<CodeWriter> body)
    {
        writer.Line($"/// <summary>{doc}</summary>");
        using (writer.Block(signature))
        {
            body(writer);
            writer.Line("RegisterComponents();");
        }
    }

    /// <summary>
    /// The documented <c>forward</c> override with the given parameter list: <paramref name="body"/>'s statements, then
    /// <c>return <paramref name="result"/>;</c>, all inside a dispose scope from which only the result is moved out.
    /// Every other tensor the forward creates (its submodules' results included) is freed when it returns, so an
    /// inference loop that disposes nothing stays flat. Training is unaffected: disposing drops the .NET handle only,
    /// and autograd's graph keeps its own references to what backward needs.
    /// </summary>
    public static void Forward(CodeWriter writer, string doc, string parameters, Action<CodeWriter> body, string result)
    {
        writer.Line($"/// <summary>{doc}</summary>");
        using (writer.Block($"public override {TypeNames.Tensor} forward({parameters})"))
        {
            ScopedBody(writer, body, result);
        }
    }

    /// <summary>
    /// A forward's body inside a dispose scope: every tensor it makes is freed when it returns, except
    /// <paramref name="result"/>, which moves out to the caller's scope.
    /// </summary>
    public static void ScopedBody(CodeWriter writer, Action<CodeWriter> body, string result)
    {
        writer.Line($"using {TypeNames.DisposeScope} scope = {TypeNames.Torch}.NewDisposeScope();   // frees every tensor made here but the result");
        body(writer);
        writer.Line($"return scope.MoveToOuter({result});");
    }

    /// <summary>The signature of the model's public parameterless constructor: <c>public Vit() : base("Vit")</c>.</summary>
    public static string ModelConstructor(TargetType target) => NestedConstructor(target.Identifier, "", target.Name);

    /// <summary>
    /// The signature of a module's constructor: <c>public Block(long dim) : base("Block")</c>. The module name is a
    /// literal: <c>nameof</c> would bind to a user type named <c>nameof</c>.
    /// </summary>
    public static string NestedConstructor(string type, string parameters = "", string? moduleName = null) =>
        $"public {type}({parameters}) : base({Literals.String(moduleName ?? type)})";

    /// <summary><c>for (int i = 0; i &lt; count; i++) list.Add(item);</c> for a ModuleList of identical blocks.</summary>
    public static void AddRepeated(CodeWriter writer, string list, string count, string item)
    {
        using (writer.Block($"for (int i = 0; i < {count}; i++)"))
        {
            writer.Line($"{list}.Add({item});");
        }
    }

    /// <summary><c>foreach (ItemType item in list) x = item.call(x, extra);</c></summary>
    public static void ForwardEach(CodeWriter writer, string list, string itemType, string item, string x, string extraArguments = "")
    {
        using (writer.Block($"foreach ({itemType} {item} in {list})"))
        {
            writer.Line($"{x} = {item}.call({x}{extraArguments});");
        }
    }

    /// <summary>One input tensor named <paramref name="name"/>, for forward parameter lists.</summary>
    public static string Tensor(string name) => $"{TypeNames.Tensor} {name}";

    /// <summary>A tensor local: <c>global::TorchSharp.torch.Tensor name = value;</c> (explicit: a type named <c>var</c> may be in scope).</summary>
    public static string TensorLocal(string name, string value) => $"{TypeNames.Tensor} {name} = {value};";
}
