using System;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DyT.Analyzers.Tests;

/// <summary>
/// One rule's test material: a source where the rule fires once, at markup <c>{|#0:...|}</c>, and a near-identical
/// source where it must not. The shared tests run each case positive, negative, under #pragma and under .editorconfig.
/// </summary>
public sealed class RuleCase
{
    private readonly Func<string, string?, DiagnosticResult[], Task> run;

    private RuleCase(string name, string id, DiagnosticSeverity severity, string positive, string negative,
        Func<string, string?, DiagnosticResult[], Task> run, Func<DiagnosticAnalyzer> analyzer)
    {
        CreateAnalyzer = analyzer;
        Name = name;
        Id = id;
        Severity = severity;
        Positive = positive;
        Negative = negative;
        this.run = run;
    }

    public string Name { get; }
    public string Id { get; }
    public DiagnosticSeverity Severity { get; }
    public string Positive { get; }
    public string Negative { get; }

    /// <summary>A new instance of the analyzer under test.</summary>
    public Func<DiagnosticAnalyzer> CreateAnalyzer { get; }

    public static RuleCase For<TAnalyzer>(string name, string id, DiagnosticSeverity severity, string positive, string negative)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        new(name, id, severity, positive, negative, Verify<TAnalyzer>.Analyzer, () => new TAnalyzer());

    /// <summary>Runs the analyzer on <paramref name="source"/> and asserts exactly <paramref name="expected"/>.</summary>
    public Task Run(string source, string? editorConfig, params DiagnosticResult[] expected) => run(source, editorConfig, expected);

    /// <summary>The positive source without its location markup.</summary>
    public string PositiveWithoutMarkup => Regex.Replace(Positive, @"\{\|#0:(.*?)\|\}", "$1", RegexOptions.Singleline);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
