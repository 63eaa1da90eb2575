using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// The problems the reader finds in one declaration. Messages are formatted culture-invariantly, and doubles in them
/// go through <see cref="Text.Literals.Double"/>, so a diagnostic reads the same on every machine.
/// </summary>
internal sealed class ProblemList : IEnumerable<ConfigProblem>
{
    private readonly List<ConfigProblem> items = [];

    /// <summary>Whether any problem keeps the model from being generated.</summary>
    public bool HasErrors => items.Any(problem => problem.IsError);

    public void Add(DiagnosticDescriptor descriptor, string argument, FormattableString message) =>
        items.Add(new ConfigProblem(descriptor, argument, message.ToString(CultureInfo.InvariantCulture)));

    public void AddRange(IEnumerable<ConfigProblem> problems) => items.AddRange(problems);

    public IEnumerator<ConfigProblem> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
