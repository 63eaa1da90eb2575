using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DyT.Analyzers.Tests;

/// <summary>Runs an analyzer (and a code fix) with Microsoft.CodeAnalysis.Testing over sources that use DyT.Runtime.</summary>
internal static class Verify<TAnalyzer> where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Asserts exactly <paramref name="expected"/> (markup in <paramref name="source"/> adds to it).</summary>
    public static Task Analyzer(string source, params DiagnosticResult[] expected) => Analyzer(source, editorConfig: null, expected);

    /// <summary>As <see cref="Analyzer(string, DiagnosticResult[])"/>, with an .editorconfig beside the source.</summary>
    public static Task Analyzer(string source, string? editorConfig, params DiagnosticResult[] expected) =>
        Analyzer(source, editorConfig, globalConfig: null, expected);

    /// <summary>As <see cref="Analyzer(string, string, DiagnosticResult[])"/>, with global options (build properties) too.</summary>
    public static Task Analyzer(string source, string? editorConfig, string? globalConfig, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test.TestState, editorConfig);
        if (globalConfig is not null)
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig + "\n"));
        test.ReferenceAssemblies = TestReferences.Assemblies;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Applies <typeparamref name="TCodeFix"/> to the diagnostics in <paramref name="source"/> and compares with <paramref name="fixedSource"/>.</summary>
    public static Task CodeFix<TCodeFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TCodeFix : CodeFixProvider, new() =>
        CodeFix<TCodeFix>(source, fixedSource, title: null, expected);

    /// <summary>As <see cref="CodeFix{TCodeFix}(string, string, DiagnosticResult[])"/>, asserting the fix's title when <paramref name="title"/> is given.</summary>
    public static Task CodeFix<TCodeFix>(string source, string fixedSource, string? title, params DiagnosticResult[] expected)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource };
        if (title is not null) test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        Configure(test.TestState, null);
        Configure(test.FixedState, null);
        test.ReferenceAssemblies = TestReferences.Assemblies;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static void Configure(SolutionState state, string? editorConfig)
    {
        state.AdditionalReferences.AddRange(TestReferences.Metadata);
        if (editorConfig is not null)
            state.AnalyzerConfigFiles.Add(("/0/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
    }
}
