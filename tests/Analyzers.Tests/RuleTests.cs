using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace DyT.Analyzers.Tests;

/// <summary>Every rule: fires where it should, stays quiet where it should, obeys #pragma and .editorconfig.</summary>
public class RuleTests
{
    [Theory]
    [MemberData(nameof(RuleCases.All), MemberType = typeof(RuleCases))]
    public Task Reports_at_the_marked_span_with_its_default_severity(RuleCase rule) =>
        rule.Run(rule.Positive, null, Verify.At(0, rule.Id, rule.Severity));

    [Theory]
    [MemberData(nameof(RuleCases.All), MemberType = typeof(RuleCases))]
    public Task Reports_nothing_on_the_negative_source(RuleCase rule) => rule.Run(rule.Negative, null);

    [Theory]
    [MemberData(nameof(RuleCases.All), MemberType = typeof(RuleCases))]
    public Task Pragma_warning_disable_suppresses_it(RuleCase rule) =>
        rule.Run($"#pragma warning disable {rule.Id}\n" + rule.PositiveWithoutMarkup, null);

    [Theory]
    [MemberData(nameof(RuleCases.All), MemberType = typeof(RuleCases))]
    public Task Editorconfig_severity_none_silences_it(RuleCase rule) =>
        rule.Run(rule.PositiveWithoutMarkup, $"dotnet_diagnostic.{rule.Id}.severity = none");

    [Theory]
    [MemberData(nameof(RuleCases.All), MemberType = typeof(RuleCases))]
    public Task Editorconfig_can_change_its_severity(RuleCase rule)
    {
        // Errors and warnings go down to a suggestion, the info rule goes up to an error. (Raising a warning to an error
        // through .editorconfig does not show in Microsoft.CodeAnalysis.Testing 1.1.4's harness; EditorConfigBuildTests
        // checks that for every rule with the compiler's own per-tree options.)
        var (setting, severity) = rule.Severity == DiagnosticSeverity.Info ? ("error", DiagnosticSeverity.Error) : ("suggestion", DiagnosticSeverity.Info);
        return rule.Run(rule.Positive, $"dotnet_diagnostic.{rule.Id}.severity = {setting}", Verify.At(0, rule.Id, severity));
    }

    [Fact]
    public Task DYT001_ignores_tensors_and_non_norm_layers_whose_names_say_bn() =>
        Verify<DyT.Generators.Analyzers.NormReplacementAnalyzer>.Analyzer(
            "using DyT.Norms;\nusing TorchSharp;\nusing TorchSharp.Modules;\nusing static TorchSharp.torch;\n\n" + """
            public sealed class Fused : nn.Module<Tensor, Tensor>
            {
                private Conv2d conv_bn = nn.Conv2d(3, 64, 3);
                private Tensor bn_scale = torch.ones(64);
                private LayerNorm norm = nn.LayerNorm(64);
                public Fused() : base("Fused") => RegisterComponents();
                public override Tensor forward(Tensor x) => norm.forward(conv_bn.forward(x) * bn_scale);
            }
            public static class Use { public static int Run(Fused m) => NormConversion.ReplaceBatchNormWithDyT(m); }
            """);

    [Fact]
    public Task DYT001_still_counts_a_container_whose_name_says_bn() =>
        Verify<DyT.Generators.Analyzers.NormReplacementAnalyzer>.Analyzer(
            "using DyT.Norms;\nusing TorchSharp;\nusing TorchSharp.Modules;\nusing static TorchSharp.torch;\n\n" + """
            public sealed class RepBlock : nn.Module<Tensor, Tensor>
            {
                private Sequential conv_bn = nn.Sequential(nn.Conv2d(3, 64, 3), nn.BatchNorm2d(64));
                public RepBlock() : base("RepBlock") => RegisterComponents();
                public override Tensor forward(Tensor x) => conv_bn.forward(x);
            }
            public static class Use { public static int Run(RepBlock m) => {|#0:NormConversion.ReplaceBatchNormWithDyT(m)|}; }
            """, Verify.At(0, "DYT001", DiagnosticSeverity.Warning));

    [Fact]
    public Task DYT001_reports_a_DyT_stored_under_a_BatchNorm_name_with_a_compound_assignment() =>
        Verify<DyT.Generators.Analyzers.NormReplacementAnalyzer>.Analyzer(
            "using DyT.Norms;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n" +
            "public sealed class Block { public nn.Module<Tensor, Tensor>? bn1; public void Build() { bn1 ??= {|#0:new DynamicTanh(64)|}; } }\n",
            Verify.At(0, "DYT001", DiagnosticSeverity.Warning));

    [Theory]
    [InlineData("conv1BN")]
    [InlineData("BNLayer")]
    [InlineData("stage2BN1")]
    public Task DYT001_splits_names_at_digit_and_acronym_case_changes(string name) =>
        Verify<DyT.Generators.Analyzers.NormReplacementAnalyzer>.Analyzer(
            "using DyT.Norms;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n" +
            $"public sealed class Block {{ public nn.Module<Tensor, Tensor>? {name}; public void Build() {{ {name} = {{|#0:new DynamicTanh(64)|}}; }} }}\n",
            Verify.At(0, "DYT001", DiagnosticSeverity.Warning));

    [Theory]
    [InlineData("RGBNet")]
    [InlineData("subnet2")]
    [InlineData("ABNorm")]
    public Task DYT001_does_not_read_bn_inside_a_word(string name) =>
        Verify<DyT.Generators.Analyzers.NormReplacementAnalyzer>.Analyzer(
            "using DyT.Norms;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n" +
            $"public sealed class Block {{ public nn.Module<Tensor, Tensor>? {name}; public void Build() {{ {name} = new DynamicTanh(64); }} }}\n");
}

/// <summary>Analyzer-independent helpers for expected diagnostics.</summary>
internal static class Verify
{
    public static Microsoft.CodeAnalysis.Testing.DiagnosticResult At(int location, string id, DiagnosticSeverity severity) =>
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(id, severity).WithLocation(location);
}
