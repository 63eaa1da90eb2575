using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>One thing the reader found wrong with a model declaration: which rule, on what, and why.</summary>
/// <param name="Descriptor">The DYTxxx descriptor it is reported with; an error one means the model is not generated.</param>
/// <param name="Argument">
/// What the squiggle goes on: the attribute property it is about (the constructor's <c>Architecture</c> included), or
/// <see cref="Class"/> for the class itself. A property the user did not write puts it on the attribute's name.
/// </param>
/// <param name="Message">The message: what was expected and what was given.</param>
internal sealed record ConfigProblem(DiagnosticDescriptor Descriptor, string Argument, string Message)
{
    /// <summary>The <see cref="Argument"/> of a problem with the class itself (partial, static, nested, ...).</summary>
    public const string Class = "";

    /// <summary>Whether the model cannot be generated because of this problem.</summary>
    public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;
}
