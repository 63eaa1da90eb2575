using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Analyzers.Tests;

/// <summary>
/// Raising a rule to an error in .editorconfig, the way the compiler applies it in a build: the parsed
/// <c>dotnet_diagnostic.ID.severity</c> entries become the compilation's per-tree options. (The testing package's
/// harness does not show a warning raised to an error; RuleTests covers lowering and silencing through it.)
/// </summary>
public class EditorConfigBuildTests
{
    [Theory]
    [MemberData(nameof(RuleCases.All), MemberType = typeof(RuleCases))]
    public async Task Editorconfig_error_makes_the_rule_an_error(RuleCase rule)
    {
        var config = AnalyzerConfig.Parse($"root = true\n\n[*.cs]\ndotnet_diagnostic.{rule.Id}.severity = error\n", "/project/.editorconfig");
        var treeOptions = AnalyzerConfigSet.Create(ImmutableArray.Create(config)).GetOptionsForSourcePath("/project/Model.cs").TreeOptions;
        var tree = CSharpSyntaxTree.ParseText(rule.PositiveWithoutMarkup, path: "/project/Model.cs");
        var compilation = CSharpCompilation.Create("Project", [tree], TestReferences.Metadata,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSyntaxTreeOptionsProvider(new TreeOptions(treeOptions)));

        var diagnostics = await compilation.WithAnalyzers([rule.CreateAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        var reported = Assert.Single(diagnostics, diagnostic => diagnostic.Id == rule.Id);
        Assert.Equal(DiagnosticSeverity.Error, reported.Severity);
    }

    /// <summary>The per-tree severities of one .editorconfig section, as the compiler's own provider gives them.</summary>
    private sealed class TreeOptions(ImmutableDictionary<string, ReportDiagnostic> severities) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            severities.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
