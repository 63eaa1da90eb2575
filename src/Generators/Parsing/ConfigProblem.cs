namespace DyT.Generators.Parsing;

/// <summary>One thing wrong with an attribute's arguments: which diagnostic, on which argument, and why.</summary>
/// <param name="DiagnosticId">The DYTxxx id from <see cref="Diagnostics.DiagnosticIds"/>.</param>
/// <param name="Argument">The named argument to put the squiggle on, or empty for the attribute as a whole.</param>
/// <param name="Message">The message argument: what was expected and what was given.</param>
internal sealed record ConfigProblem(string DiagnosticId, string Argument, string Message);
