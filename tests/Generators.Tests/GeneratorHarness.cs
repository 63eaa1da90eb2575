using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Tests;

/// <summary>Builds compilations against the real contract and runtime assemblies and runs the generator on them.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll");
        // The contract (DyT.Abstractions), the runtime and TorchSharp: what a user project of the attributes references.
        var runtime = new[] { typeof(DyT.NormKind).Assembly.Location, typeof(DyT.Norms.DynamicTanh).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location };
        return platform.Concat(runtime).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "UserProject",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"User{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <param name="buildProperties">MSBuild properties the generator sees, e.g. ("DyTNormOverride", "RMSNorm").</param>
    public static GeneratorDriver Driver(params (string Name, string Value)[] buildProperties) =>
        CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new BuildPropertyOptions(buildProperties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once and returns the output compilation and the generated files by hint name.</summary>
    public static (Compilation Output, IReadOnlyDictionary<string, string> Files, GeneratorDriver Driver) Run(params string[] sources) =>
        RunWith([], sources);

    /// <summary>As <see cref="Run"/>, with MSBuild properties visible to the generator.</summary>
    public static (Compilation Output, IReadOnlyDictionary<string, string> Files, GeneratorDriver Driver) RunWith(
        (string Name, string Value)[] buildProperties, params string[] sources)
    {
        var driver = Driver(buildProperties).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var files = driver.GetRunResult().Results.SelectMany(result => result.GeneratedSources)
            .ToDictionary(source => source.HintName, source => source.SourceText.ToString());
        return (output, files, driver);
    }

    /// <summary>
    /// What the one reader (<see cref="Parsing.ModelReader"/>, as the generator and the analyzers use it) makes of the
    /// first model attribute on class <paramref name="typeName"/> in <paramref name="source"/>.
    /// </summary>
    internal static Parsing.ReadResult Read(string source, string typeName = "M", string? normOverride = null)
    {
        var compilation = Compilation(source);
        var type = compilation.GetTypeByMetadataName(typeName) ?? Declared(compilation, typeName);
        var reader = Parsing.ModelReader.For(compilation, Parsing.NormOverride.Parse(normOverride));
        return reader.Read(type.GetAttributes().First(attribute => reader.Contract.KindOf(attribute.AttributeClass) is not null), type);
    }

    /// <summary>
    /// The type declared in source as <paramref name="name"/> (its name as written, without namespace), for types that
    /// metadata names do not find: file-local types, whose metadata names are mangled.
    /// </summary>
    private static INamedTypeSymbol Declared(Compilation compilation, string name) =>
        compilation.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>()
                .Where(declaration => declaration.Identifier.ValueText == name)
                .Select(declaration => compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration)))
            .OfType<INamedTypeSymbol>()
            .First();

    /// <summary>Compiler errors and warnings of a compilation, as readable lines.</summary>
    public static string[] Problems(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .Select(diagnostic => diagnostic.ToString())
            .ToArray();
}
