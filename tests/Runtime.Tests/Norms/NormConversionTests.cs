using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Norms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Norms;

public class NormConversionTests
{
    /// <summary>A model mixing the three norms, with a nested block, as a ConvNet-plus-Transformer user model would.</summary>
    private sealed class Mixed : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // Field names are the state-dict keys.
        private nn.Module<Tensor, Tensor> norm = nn.LayerNorm(8);
        private nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(4);
        private nn.Module<Tensor, Tensor> gn = nn.GroupNorm(2, 4);
        private Block block = new();
#pragma warning restore IDE1006

        public Mixed() : base(nameof(Mixed)) => RegisterComponents();

        public nn.Module<Tensor, Tensor> Norm => norm;
        public nn.Module<Tensor, Tensor> BatchNorm => bn;
        public nn.Module<Tensor, Tensor> GroupNorm => gn;
        public Block Inner => block;

        public override Tensor forward(Tensor input) => block.forward(norm.forward(input));
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private nn.Module<Tensor, Tensor> ln = nn.LayerNorm(8);
#pragma warning restore IDE1006

        public Block() : base(nameof(Block)) => RegisterComponents();

        public nn.Module<Tensor, Tensor> Norm => ln;

        public override Tensor forward(Tensor input) => ln.forward(input);
    }

    private sealed class Typed : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private LayerNorm ln = nn.LayerNorm(8);
#pragma warning restore IDE1006

        public Typed() : base(nameof(Typed)) => RegisterComponents();

        public override Tensor forward(Tensor input) => ln.forward(input);
    }

    [Fact]
    public void ConvertLayerNormToDyT_replaces_every_LayerNorm_and_no_other_norm()
    {
        var model = new Mixed();

        var replaced = NormConversion.ConvertLayerNormToDyT(model, alphaInit: 0.7);

        Assert.Equal(2, replaced);
        var outer = Assert.IsType<DynamicTanh>(model.Norm);
        var inner = Assert.IsType<DynamicTanh>(model.Inner.Norm);
        Assert.Equal((8L, 0.7, ChannelLayout.Last), (outer.Channels, outer.AlphaInit, outer.Layout));
        Assert.Equal(8L, inner.Channels);
        Assert.IsType<BatchNorm2d>(model.BatchNorm);
        Assert.IsType<GroupNorm>(model.GroupNorm);
    }

    [Fact]
    public void Converted_model_keeps_its_state_dict_keys_and_runs()
    {
        var model = new Mixed();

        NormConversion.ConvertLayerNormToDyT(model);

        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("norm.alpha", keys);
        Assert.Contains("block.ln.alpha", keys);
        Assert.Contains("bn.running_mean", keys);
        Assert.DoesNotContain(keys, key => key.StartsWith("norm.") && key != "norm.alpha" && key != "norm.weight" && key != "norm.bias");
        using var output = model.forward(ones(2, 8));
        Assert.Equal(new long[] { 2, 8 }, output.shape);
        Assert.Equal(Math.Tanh(0.5 * Math.Tanh(0.5)), output[0, 0].item<float>(), 5);
    }

    /// <summary>One norm in a field, then a Linear layer: the norm's dtype can come from its own tensors or the Linear's.</summary>
    private sealed class Holder : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private nn.Module<Tensor, Tensor> norm;
        private readonly Linear fc = nn.Linear(8, 8);
#pragma warning restore IDE1006

        public Holder(nn.Module<Tensor, Tensor> norm) : base(nameof(Holder))
        {
            this.norm = norm;
            RegisterComponents();
        }

        public nn.Module<Tensor, Tensor> Norm => norm;

        public override Tensor forward(Tensor input) => fc.forward(norm.forward(input));
    }

    [Fact]
    public void A_LayerNorm_over_two_dimensions_is_refused_with_its_path_and_shape_and_nothing_is_replaced()
    {
        var model = new Holder(nn.LayerNorm(new long[] { 4, 8 }));

        var error = Assert.Throws<ArgumentException>(() => NormConversion.ConvertLayerNormToDyT(model));

        Assert.Equal(
            "The LayerNorm at 'norm' normalizes over normalized_shape (4, 8); DyT's weight and bias cover the last dimension only, " +
            "so it can replace a LayerNorm over one dimension, not 2. Nothing was replaced. (Parameter 'module')",
            error.Message);
        Assert.Equal(new long[] { 4, 8 }, Assert.IsType<LayerNorm>(model.Norm).weight!.shape);
    }

    [Theory]
    [InlineData(false, true)]  // elementwise_affine: false has neither weight nor bias, whatever bias says
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void A_LayerNorm_without_weight_or_bias_becomes_a_DyT_without_them_so_only_alpha_is_added(bool affine, bool bias)
    {
        var model = new Holder(nn.LayerNorm(8, elementwise_affine: affine, bias: bias));
        var keysBefore = model.state_dict().Keys.ToList();

        NormConversion.ConvertLayerNormToDyT(model);

        Assert.Equal(keysBefore.Append("norm.alpha").Order(), model.state_dict().Keys.Order());
        var dyt = Assert.IsType<DynamicTanh>(model.Norm);
        Assert.Equal((affine, false), (dyt.Weight is not null, dyt.Bias is not null));
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    public void Every_replacement_takes_the_dtype_and_training_mode_of_the_norm_it_replaces(ScalarType dtype)
    {
        var model = new Mixed();
        model.to(dtype);
        model.eval();

        NormConversion.ConvertLayerNormToDyT(model);
#pragma warning disable DYT001, DYT002 // The explicit replacements are exercised on purpose.
        NormConversion.ReplaceBatchNormWithDyT(model);
        NormConversion.ReplaceGroupNormWithDyT(model);
#pragma warning restore DYT001, DYT002

        var replacements = new[] { model.Norm, model.Inner.Norm, model.BatchNorm, model.GroupNorm };
        Assert.All(replacements, norm => Assert.IsType<DynamicTanh>(norm));
        Assert.All(replacements.SelectMany(norm => norm.parameters()), parameter => Assert.Equal(dtype, parameter.dtype));
        Assert.All(replacements, norm => Assert.False(norm.training));
        using var output = model.forward(randn(new long[] { 2, 8 }, dtype));
        Assert.Equal(dtype, output.dtype);
    }

    [Fact]
    public void A_LayerNorm_without_parameters_is_replaced_in_the_dtype_of_the_module_holding_it()
    {
        var model = new Holder(nn.LayerNorm(8, elementwise_affine: false)); // DiT's pre-modulation norms
        model.to(ScalarType.Float64);
        model.eval();

        NormConversion.ConvertLayerNormToDyT(model);

        var dyt = Assert.IsType<DynamicTanh>(model.Norm);
        Assert.Equal(ScalarType.Float64, dyt.Alpha.dtype);
        Assert.False(dyt.training);
    }

#pragma warning disable DYT001, DYT002 // The explicit replacements are exercised on purpose; the analyzers flag exactly these calls.
    [Fact]
    public void ReplaceBatchNormWithDyT_uses_channels_first_DyT_over_the_BatchNorm_features()
    {
        var model = new Mixed();

        Assert.Equal(1, NormConversion.ReplaceBatchNormWithDyT(model));

        var dyt = Assert.IsType<DynamicTanh>(model.BatchNorm);
        Assert.Equal((4L, ChannelLayout.First), (dyt.Channels, dyt.Layout));
        Assert.IsType<LayerNorm>(model.Norm);
    }

    [Fact]
    public void ReplaceGroupNormWithDyT_uses_channels_first_DyT_over_the_GroupNorm_channels()
    {
        var model = new Mixed();

        Assert.Equal(1, NormConversion.ReplaceGroupNormWithDyT(model));

        var dyt = Assert.IsType<DynamicTanh>(model.GroupNorm);
        Assert.Equal((4L, ChannelLayout.First), (dyt.Channels, dyt.Layout));
    }

    /// <summary>Norms with no DyT counterpart beside one that has one.</summary>
    private sealed class Unconvertible : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private nn.Module<Tensor, Tensor> bn3d = nn.BatchNorm3d(4);
        private nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(4);
        private readonly Sequential head = nn.Sequential(("gn", nn.GroupNorm(2, 4, affine: false)), ("gn_affine", nn.GroupNorm(2, 4)));
#pragma warning restore IDE1006

        public Unconvertible() : base(nameof(Unconvertible)) => RegisterComponents();

        public override Tensor forward(Tensor input) => head.forward(bn.forward(input));
    }

    [Theory]
    [InlineData("BatchNorm", "bn", "The BatchNorm3d at 'bn3d' has no DyT counterpart here (DynamicTanh takes (B, C, H, W) or channels last); it has 4 features")]
    [InlineData("GroupNorm", "head.gn_affine", "The GroupNorm at 'head.gn' has no affine parameters, so nothing says its channel count; construct DynamicTanh yourself")]
    public void A_norm_without_a_DyT_counterpart_is_refused_by_path_before_any_norm_of_its_kind_is_replaced(string kind, string convertible, string reason)
    {
        var model = new Unconvertible();
        var before = model.named_modules().Single(named => named.name == convertible).module;

        var error = Assert.Throws<ArgumentException>(() => kind == "BatchNorm"
            ? NormConversion.ReplaceBatchNormWithDyT(model)
            : NormConversion.ReplaceGroupNormWithDyT(model));

        Assert.Equal($"{reason}. Nothing was replaced. (Parameter 'module')", error.Message);
        Assert.Same(before, model.named_modules().Single(named => named.name == convertible).module);
    }
#pragma warning restore DYT001, DYT002

    [Fact]
    public void A_field_declared_as_LayerNorm_cannot_take_DyT_and_the_message_names_it()
    {
        var error = Assert.Throws<ArgumentException>(() => NormConversion.ConvertLayerNormToDyT(new Typed()));

        Assert.Contains("Field 'ln' of Typed is declared LayerNorm", error.Message);
        Assert.Equal("module", error.ParamName);
    }

    /// <summary>Norms held in a Sequential, in ModuleLists of two element types, and one registered by hand.</summary>
    private sealed class Containers : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly Sequential mlp = nn.Sequential(("fc", nn.Linear(8, 8)), ("ln", nn.LayerNorm(8)));
        private readonly ModuleList<nn.Module<Tensor, Tensor>> blocks = nn.ModuleList<nn.Module<Tensor, Tensor>>(nn.LayerNorm(8), nn.Linear(8, 8));
#pragma warning restore IDE1006

        public Containers() : base(nameof(Containers)) => RegisterComponents();

        public override Tensor forward(Tensor input) => blocks[1].forward(blocks[0].forward(mlp.forward(input)));
    }

    private sealed class TypedList : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private nn.Module<Tensor, Tensor> first = nn.LayerNorm(8);
        private readonly ModuleList<LayerNorm> norms = nn.ModuleList(nn.LayerNorm(8));
#pragma warning restore IDE1006

        public TypedList() : base(nameof(TypedList)) => RegisterComponents();

        public nn.Module<Tensor, Tensor> First => first;

        public override Tensor forward(Tensor input) => norms[0].forward(first.forward(input));
    }

    private sealed class ByHand : nn.Module<Tensor, Tensor>
    {
        public ByHand() : base(nameof(ByHand)) => register_module("extra", nn.LayerNorm(8));

        public override Tensor forward(Tensor input) => input;
    }

    private static string TypeAt(nn.Module model, string path) =>
        model.named_modules().Single(named => named.name == path).module.GetType().Name;

    [Fact]
    public void LayerNorms_in_a_Sequential_and_a_ModuleList_are_replaced_under_the_same_keys()
    {
        var model = new Containers();
        var keysBefore = model.state_dict().Keys.ToList();

        Assert.Equal(2, NormConversion.ConvertLayerNormToDyT(model));

        Assert.Equal(nameof(DynamicTanh), TypeAt(model, "mlp.ln"));
        Assert.Equal(nameof(DynamicTanh), TypeAt(model, "blocks.0"));
        Assert.Equal(keysBefore.Concat(new[] { "mlp.ln.alpha", "blocks.0.alpha" }).Order(), model.state_dict().Keys.Order());
        // The forward runs through the new layers (alpha 0.5, weight 1, bias 0): fc, DyT, DyT, linear.
        var modules = model.named_modules().ToDictionary(named => named.name, named => named.module);
        var (fc, last) = ((Linear)modules["mlp.fc"], (Linear)modules["blocks.1"]);
        using var _ = no_grad();
        using var input = randn(3, 8);
        using var output = model.forward(input);
        using var expected = last.forward(tanh(0.5 * tanh(0.5 * fc.forward(input))));
        Assert.True(output.allclose(expected, rtol: 1e-5, atol: 1e-6), "the converted model does not compute DyT");
    }

    [Fact]
    public void A_ModuleList_of_LayerNorm_cannot_take_DyT_and_nothing_is_replaced()
    {
        var model = new TypedList();

        var error = Assert.Throws<ArgumentException>(() => NormConversion.ConvertLayerNormToDyT(model));

        Assert.Contains("'norms.0' is an entry of a ModuleList<LayerNorm>", error.Message);
        Assert.Contains("Nothing was replaced", error.Message);
        Assert.IsType<LayerNorm>(model.First); // the replaceable field was left alone too
    }

    [Fact]
    public void A_norm_registered_without_a_field_is_named_instead_of_skipped()
    {
        var error = Assert.Throws<ArgumentException>(() => NormConversion.ConvertLayerNormToDyT(new ByHand()));

        Assert.Contains("The LayerNorm at 'extra' is registered by ByHand without a field", error.Message);
    }

    /// <summary>The case: one LayerNorm held by two fields, used twice in forward.</summary>
    private sealed class SharedLn : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly nn.Module<Tensor, Tensor> n1, n2;
        private readonly Linear fc = nn.Linear(8, 8);
#pragma warning restore IDE1006

        public SharedLn() : base(nameof(SharedLn))
        {
            var ln = nn.LayerNorm(8);
            (n1, n2) = (ln, ln);
            RegisterComponents();
        }

        public nn.Module<Tensor, Tensor> First => n1;
        public nn.Module<Tensor, Tensor> Second => n2;
        public Linear Fc => fc;

        public override Tensor forward(Tensor x) => n2.forward(fc.forward(n1.forward(x)));
    }

    /// <summary>Every registered child of every module, by path: a disposed module left registered shows up here.</summary>
    private static Dictionary<string, nn.Module> Registered(nn.Module model) =>
        model.named_modules().ToDictionary(named => named.name, named => named.module);

    [Fact]
    public void A_LayerNorm_shared_by_two_fields_becomes_one_DyT_registered_under_both_names()
    {
        var model = new SharedLn();
        var keysBefore = model.state_dict().Keys.Order().ToList();

        Assert.Equal(1, NormConversion.ConvertLayerNormToDyT(model));

        var dyt = Assert.IsType<DynamicTanh>(model.First);
        Assert.Same(dyt, model.Second);
        var registered = Registered(model);
        Assert.Same(dyt, registered["n1"]);
        Assert.Same(dyt, registered["n2"]);
        Assert.DoesNotContain(registered.Values, module => module is LayerNorm);
        Assert.Equal(keysBefore.Concat(["n1.alpha", "n2.alpha"]).Order(), model.state_dict().Keys.Order());
        Assert.Single(model.parameters(), parameter => parameter.Handle == dyt.Alpha.Handle); // an optimizer sees it once
    }

    [Fact]
    public void A_model_with_a_shared_norm_moves_trains_and_sends_gradients_from_both_uses_after_conversion()
    {
        var model = new SharedLn();
        NormConversion.ConvertLayerNormToDyT(model);

        model.to(ScalarType.Float64);
        model.train();
        model.eval();
        model.train();
        model.zero_grad();
        using var input = randn(3, 8, dtype: ScalarType.Float64);
        model.forward(input).sum().backward();

        var dyt = (DynamicTanh)model.First;
        Assert.Equal(ScalarType.Float64, dyt.Alpha.dtype);
        Assert.True(model.training);
        // The same function in plain torch ops, with one alpha, weight and bias used at both places.
        using var alpha = dyt.Alpha.detach().clone().requires_grad_();
        using var weight = dyt.Weight!.detach().clone().requires_grad_();
        using var bias = dyt.Bias!.detach().clone().requires_grad_();
        Tensor DyT(Tensor x) => weight * tanh(alpha * x) + bias;
        var hidden = nn.functional.linear(DyT(input), model.Fc.weight!.detach(), model.Fc.bias!.detach());
        DyT(hidden).sum().backward();
        Assert.True(dyt.Alpha.grad!.allclose(alpha.grad!, rtol: 1e-10, atol: 1e-12), "alpha's gradient is not the sum over both uses");
        Assert.True(dyt.Weight.grad!.allclose(weight.grad!, rtol: 1e-10, atol: 1e-12), "weight's gradient is not the sum over both uses");
        using var firstUseOnly = autograd.grad([DyT(input).sum()], [alpha])[0];
        Assert.False(dyt.Alpha.grad!.allclose(firstUseOnly), "the gradient must include the second use");
    }

    /// <summary>One LayerNorm at two places of one Sequential, and one shared by a field, a Sequential and a ModuleList.</summary>
    private sealed class SharedInContainers : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly Sequential inner;
        private readonly nn.Module<Tensor, Tensor> norm;
        private readonly Sequential mlp;
        private readonly ModuleList<nn.Module<Tensor, Tensor>> blocks;
#pragma warning restore IDE1006

        public SharedInContainers() : base(nameof(SharedInContainers))
        {
            var twice = nn.LayerNorm(8);
            inner = nn.Sequential(("a", twice), ("fc", nn.Linear(8, 8)), ("b", twice));
            var everywhere = nn.LayerNorm(8);
            norm = everywhere;
            mlp = nn.Sequential(("fc", nn.Linear(8, 8)), ("ln", everywhere));
            blocks = nn.ModuleList<nn.Module<Tensor, Tensor>>(everywhere, nn.Linear(8, 8));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => blocks[1].forward(blocks[0].forward(mlp.forward(norm.forward(inner.forward(x)))));
    }

    [Fact]
    public void Norms_shared_inside_a_Sequential_and_across_a_field_a_Sequential_and_a_ModuleList_stay_shared()
    {
        var model = new SharedInContainers();
        var keysBefore = model.state_dict().Keys.Order().ToList();

        Assert.Equal(2, NormConversion.ConvertLayerNormToDyT(model));

        var registered = Registered(model);
        var twice = Assert.IsType<DynamicTanh>(registered["inner.a"]);
        Assert.Same(twice, registered["inner.b"]);
        var everywhere = Assert.IsType<DynamicTanh>(registered["norm"]);
        Assert.Same(everywhere, registered["mlp.ln"]);
        Assert.Same(everywhere, registered["blocks.0"]);
        Assert.NotSame(twice, everywhere);
        Assert.DoesNotContain(registered.Values, module => module is LayerNorm);
        // TorchSharp's Sequential lists a tensor it holds twice once, under the first name (inner.a), before and after.
        var alphas = new[] { "inner.a.alpha", "norm.alpha", "mlp.ln.alpha", "blocks.0.alpha" };
        Assert.Equal(keysBefore.Concat(alphas).Order(), model.state_dict().Keys.Order());

        model.to(ScalarType.Float64);
        model.train();
        model.zero_grad();
        using var input = randn(2, 8, dtype: ScalarType.Float64);
        model.forward(input).sum().backward();
        Assert.NotNull(twice.Alpha.grad);
        Assert.NotNull(everywhere.Alpha.grad);
        // Three uses of one alpha: its gradient is the sum, so perturbing alpha moves the output by that much.
        using var _ = no_grad();
        var before = model.forward(input).sum().item<double>();
        everywhere.Alpha.add_(1e-6);
        var after = model.forward(input).sum().item<double>();
        Assert.Equal((after - before) / 1e-6, everywhere.Alpha.grad!.item<double>(), 3);
    }

    /// <summary>One LayerNorm held by a field typed LayerNorm and by one typed Module: a DyT cannot go everywhere.</summary>
    private sealed class SharedWithTypedField : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly LayerNorm typed;
        private readonly nn.Module<Tensor, Tensor> loose;
        private readonly Sequential mlp;
#pragma warning restore IDE1006

        public SharedWithTypedField() : base(nameof(SharedWithTypedField))
        {
            typed = nn.LayerNorm(8);
            loose = typed;
            mlp = nn.Sequential(("ln", typed));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => mlp.forward(loose.forward(typed.forward(x)));
    }

    [Fact]
    public void A_shared_norm_that_cannot_take_DyT_everywhere_is_refused_with_its_paths_and_nothing_changes()
    {
        var model = new SharedWithTypedField();
        var before = Registered(model);

        var error = Assert.Throws<ArgumentException>(() => NormConversion.ConvertLayerNormToDyT(model));

        Assert.Contains("The LayerNorm shared by 'typed', 'loose', 'mlp.ln'", error.Message);
        Assert.Contains("Field 'typed' of SharedWithTypedField is declared LayerNorm", error.Message);
        Assert.Contains("Nothing was replaced", error.Message);
        var after = Registered(model);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (path, module) in before) Assert.Same(module, after[path]);
        model.to(ScalarType.Float64); // the LayerNorm was not disposed
        using var output = model.forward(randn(2, 8, dtype: ScalarType.Float64));
        Assert.Equal(new long[] { 2, 8 }, output.shape);
    }
}

