using System.Threading.Tasks;
using DyT.Generators.Analyzers;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DyT.Analyzers.Tests;

/// <summary>The messages users read: they name the model, the value and the paper's numbers.</summary>
public class MessageTests
{
    private const string Usings = "using DyT;\n\n";

    [Fact]
    public Task DYT001_cites_the_ResNet_and_VGG_numbers() =>
        Verify<ResNetNormAnalyzer>.Analyzer(Usings + "[ConvNet(ConvArchitecture.ResNet, {|#0:Norm = NormKind.DyT|})]\npublic partial class R50 { }\n",
            new DiagnosticResult(DiagnosticCatalog.DyTReplacesBatchNorm).WithLocation(0).WithArguments("ResNet 'R50' with Norm = NormKind.DyT"));

    [Fact]
    public async Task DYT003_names_the_table_row()
    {
        var expected = new DiagnosticResult(DiagnosticCatalog.LlamaAlphaNotPerSite).WithLocation(0).WithArguments(
            "DyT LLaMA 'L' uses one initial alpha for every norm; paper Table 11, width 8192: attention 0.2, FFN and final 0.05");
        await Verify<LlamaRecipeAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.Llama, Dim = 8192, Heads = 64, {|#0:AlphaInit = 0.2|})]\npublic partial class L { }\n", expected);
    }

    [Fact]
    public Task DYT005_names_the_argument_and_value() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.Llama, {|#0:AlphaInitFfn = 0|})]\npublic partial class L { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidAlpha).WithLocation(0).WithArguments("AlphaInitFfn must be a finite number > 0; got 0.0"));

    [Fact]
    public Task DYT005_warning_gives_the_usual_range() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[ConvNet(ConvArchitecture.ConvNeXt, {|#0:AlphaInit = 1e-3|})]\npublic partial class C { }\n",
            new DiagnosticResult(DiagnosticCatalog.AlphaOutsideUsualRange).WithLocation(0).WithArguments(
                "AlphaInit = 0.001 is outside [0.01, 10.0]; the paper's initial alphas are 0.05 to 1.0 (0.5 for non-LLM models)"));

    [Fact]
    public Task DYT011_on_a_written_zero_says_what_leaving_it_out_does() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.Llama, {|#0:FfnDim = 0|})]\npublic partial class L { }\n",
            new DiagnosticResult(DiagnosticCatalog.NonPositiveSize).WithLocation(0).WithArguments(
                "FfnDim must be > 0 when written; got 0 (leave it out for LLaMA's rule from Dim)"));

    [Fact]
    public Task An_undefined_architecture_goes_on_the_constructor_argument() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer({|#0:(Architecture)7|})]\npublic partial class V { }\n",
            new DiagnosticResult(DiagnosticCatalog.UndefinedEnumValue).WithLocation(0).WithArguments("Architecture must be one of ViT, Llama, DiT; got (7)"));

    [Fact]
    public Task An_undefined_architecture_passed_by_parameter_name_goes_on_that_argument() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[ConvNet({|#0:architecture: (ConvArchitecture)2|}, NumClasses = 10)]\npublic partial class C { }\n",
            new DiagnosticResult(DiagnosticCatalog.UndefinedEnumValue).WithLocation(0).WithArguments("Architecture must be one of ConvNeXt, ResNet; got (2)"));

    [Fact]
    public Task A_problem_with_an_argument_not_written_goes_on_the_attribute_name() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[{|#0:Transformer|}(Architecture.ViT, Dim = 100)]\npublic partial class V { }\n",
            new DiagnosticResult(DiagnosticCatalog.HeadsMustDivideDim).WithLocation(0).WithArguments("Heads (12) must divide Dim (100)"));

    [Fact]
    public Task A_static_non_partial_class_gets_both_target_problems_on_its_name() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.ViT)]\npublic static class {|#0:{|#1:V|}|} { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(0).WithArguments("'V' must be declared 'partial' so the generator can complete it"),
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(1).WithArguments("'V' must not be static: a model is an instance of torch.nn.Module"));

    [Fact]
    public Task DYT022_names_the_users_member_and_the_generated_one() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.DiT, Dim = 64, Heads = 4, PatchSize = 2, ImageSize = 8)]\npublic partial class {|#0:D|} { public static int NullClass => -1; }\n",
            new DiagnosticResult(DiagnosticCatalog.GeneratedMemberConflict).WithLocation(0).WithArguments(
                "'D' declares 'NullClass', but the generator writes the constant 'NullClass' in the same class; rename yours"));

    [Fact]
    public Task DYT022_on_a_class_named_like_a_nested_module_class() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[ConvNet(ConvArchitecture.ResNet)]\npublic partial class {|#0:Bottleneck|} { }\n",
            new DiagnosticResult(DiagnosticCatalog.GeneratedMemberConflict).WithLocation(0).WithArguments(
                "'Bottleneck' is named like the nested module class 'Bottleneck' that the generator writes inside it, and a member cannot share its class's name; rename the class"));

    [Fact]
    public Task DYT016_on_two_Transformer_attributes_says_so() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\n[{|CS0579:Transformer|}(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class {|#0:V|} { }\n",
            new DiagnosticResult(DiagnosticCatalog.OneModelAttributePerClass).WithLocation(0).WithArguments("'V' has 2 [Transformer] attributes; a class is one model, so keep one"));

    [Fact]
    public Task DYT006_on_a_record_says_it_is_a_record() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial record {|#0:V|} { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(0).WithArguments(
                "'V' is a record; a model must be a plain partial class (the generator completes it as a torch.nn.Module, and a record's value equality and copy constructor do not fit a module), so declare it 'partial class'"));

    [Fact]
    public Task DYT006_on_a_struct_says_it_is_a_struct_not_that_it_has_a_base_class() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[{|CS0592:Transformer|}(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial struct {|#0:V|} { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(0).WithArguments(
                "'V' is a struct; a model must be a partial class, since the generator makes it a torch.nn.Module (a reference type)"));

    [Fact]
    public Task DYT006_on_a_file_local_class() =>
        Verify<ConfigurationAnalyzer>.Analyzer(Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\nfile partial class {|#0:V|} { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(0).WithArguments(
                "'V' is file-local ('file'); the generator completes the class from its own file, where a file-local type is not visible, so remove 'file'"));

    [Fact]
    public Task The_generated_partial_with_its_Module_base_is_not_a_DYT006() =>
        // What the real build sees: the user's class plus the generator's half, which adds the base class.
        TwoFiles(Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class V { }\n",
            "// <auto-generated/>\n" + DyT.Generators.Emit.SourceFile.SignatureLine + "Transformer] attribute on V.\n" +
            "public partial class V : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>\n{\n" +
            "    public V() : base(nameof(V)) { }\n    public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor x) => x;\n}\n");

    [Fact]
    public Task A_partial_generated_by_another_tool_does_not_hide_its_base_class() =>
        TwoFiles(Usings + "public class Base { }\n[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class {|#0:V|} { }\n",
            "// <auto-generated/>\npublic partial class V : Base { }\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidTarget).WithLocation(0).WithArguments(
                "'V' must not declare a base class (it has 'Base'): the generator makes it a torch.nn.Module<Tensor, Tensor>"));

    /// <summary>ConfigurationAnalyzer over a class declared in two files, as a partial class with generated halves is.</summary>
    private static Task TwoFiles(string first, string second, params DiagnosticResult[] expected)
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<ConfigurationAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Assemblies,
            TestState = { Sources = { first, second } },
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Metadata);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>NormOverrideAnalyzer over a ViT declaration, with <paramref name="globalConfig"/> as the project's .globalconfig.</summary>
    private static Task NormOverride(string globalConfig, params DiagnosticResult[] expected)
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<NormOverrideAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + "[Transformer(Architecture.ViT, Dim = 96, Heads = 3)]\npublic partial class V { }\n",
            ReferenceAssemblies = TestReferences.Assemblies,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Metadata);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public async Task DYT017_reports_an_unknown_DyTNormOverride_once_without_a_location()
    {
        await NormOverride("is_global = true\nbuild_property.DyTNormOverride = LayerNrom\n",
            new DiagnosticResult(DiagnosticCatalog.InvalidNormOverride).WithArguments(
                "DyTNormOverride must be empty or one of LayerNorm, RMSNorm, DyT, Derf; got 'LayerNrom', so no model is overridden"));
    }

    [Fact]
    public async Task DYT017_is_quiet_for_a_valid_override()
    {
        await NormOverride("is_global = true\nbuild_property.DyTNormOverride = rmsnorm\n");
    }

    [Fact]
    public async Task DYT017_has_no_location_so_its_page_suppresses_it_through_a_global_config_that_works()
    {
        // A diagnostic without a source location is beyond #pragma and beyond .editorconfig sections such as [*.cs]
        // (they apply per source file; a real build shows DYT017 under one): only global options reach it.
        var page = System.IO.File.ReadAllText(System.IO.Path.Combine(CatalogTests.RepositoryRoot(), "docs", "diagnostics", "DYT017.md")).Replace("\r\n", "\n");
        var suppress = page[page.IndexOf("## How to suppress", System.StringComparison.Ordinal)..];
        Assert.DoesNotContain("[*.cs]\ndotnet_diagnostic.DYT017", suppress);
        Assert.DoesNotContain("#pragma warning disable DYT017", suppress);
        Assert.Contains("is_global = true\ndotnet_diagnostic.DYT017.severity = none", suppress);

        await NormOverride("is_global = true\nbuild_property.DyTNormOverride = LayerNrom\ndotnet_diagnostic.DYT017.severity = none\n");
    }
}
