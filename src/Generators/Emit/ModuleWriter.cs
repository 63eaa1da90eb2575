using System;

namespace DyT.Generators.Emit;

/// <summary>
/// The parts every emitted TorchSharp module has, written the same way in every family: fields named as the PyTorch
/// keys, a constructor ending in RegisterComponents(), a forward, and nested module classes. A forward runs its
/// submodules with <c>call</c>, not <c>forward</c>, as TorchSharp's Sequential does and as PyTorch's <c>module(x)</c>
/// does: <c>call</c> runs the hooks registered on a submodule (DyT.Inspection's NormProbe reads norm inputs that way).
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

    /// <summary>The documented <c>forward</c> override with the given parameter list.</summary>
    public static void Forward(CodeWriter writer, string doc, string parameters, Action<CodeWriter> body)
    {
        writer.Line($"/// <summary>{doc}</summary>");
        using (writer.Block($"public override {TypeNames.Tensor} forward({parameters})"))
        {
            body(writer);
        }
    }

    /// <summary><c>for (int i = 0; i &lt; count; i++) list.Add(item);</c> for a ModuleList of identical blocks.</summary>
    public static void AddRepeated(CodeWriter writer, string list, string count, string item)
    {
        using (writer.Block($"for (int i = 0; i < {count}; i++)"))
        {
            writer.Line($"{list}.Add({item});");
        }
    }

    /// <summary><c>foreach (var item in list) x = item.call(x, extra);</c></summary>
    public static void ForwardEach(CodeWriter writer, string list, string item, string x, string extraArguments = "")
    {
        using (writer.Block($"foreach (var {item} in {list})"))
        {
            writer.Line($"{x} = {item}.call({x}{extraArguments});");
        }
    }

    /// <summary>One input tensor named <paramref name="name"/>, for forward parameter lists.</summary>
    public static string Tensor(string name) => $"{TypeNames.Tensor} {name}";
}
