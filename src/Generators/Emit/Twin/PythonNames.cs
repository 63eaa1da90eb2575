using System.Collections.Generic;
using System.Linq;

namespace DyT.Generators.Emit.Twin;

/// <summary>The Python name of the twin's model class: the C# class name wherever Python allows it.</summary>
internal static class PythonNames
{
    /// <summary>Python's keywords and the builtins and module names a twin uses, which a class must not shadow.</summary>
    private static readonly HashSet<string> Reserved =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        "math", "torch", "nn", "F", "super", "range", "round", "float", "int", "tuple", "getattr", "hasattr", "ValueError",
    ];

    /// <summary>
    /// <paramref name="name"/> when it is a plain identifier that is no keyword, builtin or helper of the module
    /// (<paramref name="helpers"/>); else the name with <c>Model</c> appended, or <c>TwinModel</c> for names outside
    /// ASCII (C# allows identifiers that Python does not).
    /// </summary>
    public static string ClassName(string name, IEnumerable<string> helpers)
    {
        if (name.Length == 0 || !name.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '_')) return "TwinModel";
        var taken = new HashSet<string>(Reserved.Concat(helpers));
        return taken.Contains(name) ? name + "Model" : name;
    }
}
