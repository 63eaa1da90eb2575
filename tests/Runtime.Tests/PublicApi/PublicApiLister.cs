using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DyT.Runtime.Tests.PublicApi;

/// <summary>
/// The public surface of an assembly as text: each exported type's declaration (ordered by full name), followed by
/// its members a user can reach (public, or protected in an unsealed type), indented and ordered. Names are written as
/// C# spells them, namespace-qualified, with nullable reference annotations, so the text is stable across builds.
/// </summary>
public static class PublicApiLister
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
                                          | BindingFlags.Instance | BindingFlags.Static;

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Indent of a member line under its type's declaration.</summary>
    public const string MemberIndent = "  ";

    public static string Text(Assembly assembly) =>
        string.Concat(assembly.GetExportedTypes()
            .OrderBy(type => Name(type), StringComparer.Ordinal)
            .SelectMany(type => Members(type).OrderBy(m => m.Rank).ThenBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal)
                .Select(member => MemberIndent + member.Line).Prepend(Declaration(type)))
            .Select(line => line + "\n"));

    private static string Declaration(Type type)
    {
        var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct" : IsRecord(type) ? "record" : "class";
        var modifiers = type switch
        {
            { IsInterface: true } or { IsEnum: true } => "",
            { IsValueType: true } => IsReadOnly(type) ? "readonly " : "",
            { IsAbstract: true, IsSealed: true } => "static ",
            { IsAbstract: true } => "abstract ",
            { IsSealed: true } => "sealed ",
            _ => "",
        };
        var bases = new List<string>();
        if (type.IsEnum) bases.Add(Name(Enum.GetUnderlyingType(type)));
        else if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType)) bases.Add(Name(baseType));
        // Interfaces the type itself adds (not those its base type brings, nor an enum's).
        var inherited = type.BaseType?.GetInterfaces() ?? [];
        if (!type.IsEnum)
            bases.AddRange(type.GetInterfaces().Where(i => (i.IsPublic || i.IsNestedPublic) && !inherited.Contains(i)).Select(Name).Order(StringComparer.Ordinal));
        return $"{Access(type)} {modifiers}{kind} {Name(type)}" + (bases.Count == 0 ? "" : " : " + string.Join(", ", bases));
    }

    /// <summary>A member's line, ordered by kind (constructors, constants and fields, properties, events, methods) then name.</summary>
    private readonly record struct Member(int Rank, string Name, string Line);

    private static IEnumerable<Member> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                yield return new Member(1, field.Name, $"{field.Name} = {Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}");
            yield break;
        }
        // Unspeakable names (a record's <Clone>$) are the compiler's, not the API's.
        foreach (var member in type.GetMembers(Declared).Where(m => Visible(m, type) && !m.Name.Contains('<')))
        {
            Member? line = member switch
            {
                ConstructorInfo c => new(0, "", $"{Access(c)} {(c.IsStatic ? "static " : "")}{ShortName(type)}({Parameters(c)})"),
                FieldInfo f => new(1, f.Name, Field(f)),
                PropertyInfo p => new(2, p.Name, Property(p)),
                EventInfo e => new(3, e.Name, $"{Access(e.AddMethod!)} event {Name(e.EventHandlerType!, Nullability.Create(e))} {e.Name}"),
                MethodInfo m when !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal) =>
                    new(4, m.Name, $"{Access(m)} {Modifiers(m)}{Name(m.ReturnType, Nullability.Create(m.ReturnParameter))} {m.Name}{TypeParameters(m)}({Parameters(m)})"),
                _ => null,
            };
            if (line is { } value) yield return value;
        }
    }

    private static string Property(PropertyInfo property)
    {
        var accessors = new[] { property.GetMethod, property.SetMethod }.Where(a => a is not null && Visible(a, property.DeclaringType!))
            .Select(a => a == property.GetMethod ? "get;" : IsInitOnly(a!) ? "init;" : "set;");
        var indexer = property.GetIndexParameters() is { Length: > 0 } index ? $"this[{string.Join(", ", index.Select(Parameter))}]" : property.Name;
        var accessor = (property.GetMethod ?? property.SetMethod)!;
        return $"{Access(accessor)} {Modifiers(accessor)}{Name(property.PropertyType, Nullability.Create(property))} {indexer} {{ {string.Join(" ", accessors)} }}";
    }

    private static string Field(FieldInfo field)
    {
        var type = Name(field.FieldType, Nullability.Create(field));
        if (field.IsLiteral) return $"{Access(field)} const {type} {field.Name} = {Literal(field.GetRawConstantValue())}";
        return $"{Access(field)} {(field.IsStatic ? "static " : "")}{(field.IsInitOnly ? "readonly " : "")}{type} {field.Name}";
    }

    private static bool Visible(MemberInfo member, Type owner) => member switch
    {
        MethodBase m => m.IsPublic || ((m.IsFamily || m.IsFamilyOrAssembly) && !owner.IsSealed),
        FieldInfo f => f.IsPublic || ((f.IsFamily || f.IsFamilyOrAssembly) && !owner.IsSealed),
        PropertyInfo p => new[] { p.GetMethod, p.SetMethod }.Any(a => a is not null && Visible(a, owner)),
        EventInfo e => e.AddMethod is { } add && Visible(add, owner),
        _ => false,   // nested types are listed as types of their own
    };

    private static string Access(Type type) => type.IsPublic || type.IsNestedPublic ? "public" : "protected";

    private static string Access(MethodBase method) => method.IsPublic ? "public" : "protected";

    private static string Access(FieldInfo field) => field.IsPublic ? "public" : "protected";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic) return "static ";
        if (method.IsAbstract) return method.DeclaringType!.IsInterface ? "" : "abstract ";
        if (!method.IsVirtual || method.IsFinal) return method.IsVirtual && method.GetBaseDefinition() != method ? "sealed override " : "";
        return method.GetBaseDefinition() == method ? "virtual " : "override ";
    }

    private static string TypeParameters(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Parameters(MethodBase method)
    {
        var extension = method.IsDefined(typeof(ExtensionAttribute), inherit: false) ? "this " : "";
        return extension + string.Join(", ", method.GetParameters().Select(Parameter));
    }

    private static string Parameter(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var prefix = parameter.IsDefined(typeof(ParamArrayAttribute)) ? "params "
            : type.IsByRef ? (parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ") : "";
        var text = $"{prefix}{Name(type.IsByRef ? type.GetElementType()! : type, Nullability.Create(parameter))} {parameter.Name}";
        if (!parameter.HasDefaultValue) return text;
        var value = parameter.RawDefaultValue;
        // An enum default is stored as its number; write the member's name, as the declaration does.
        return value is not null && type.IsEnum ? $"{text} = {Name(type)}.{Enum.ToObject(type, value)}" : $"{text} = {Literal(value)}";
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The C# name of a type, namespace-qualified, with '?' where the declaration says it may be null.</summary>
    private static string Name(Type type, NullabilityInfo? nullability)
    {
        if (type.IsArray)
            return Name(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + Question(type, nullability);
        if (type.IsPointer) return Name(type.GetElementType()!, null) + "*";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Name(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        if (type.IsGenericParameter) return type.Name + Question(type, nullability);
        if (Keywords.TryGetValue(type, out var keyword)) return keyword + Question(type, nullability);
        if (type.IsGenericType && type.Namespace == "System" && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal))
            return "(" + string.Join(", ", type.GetGenericArguments().Select((a, i) => Name(a, Argument(nullability, i)))) + ")";
        var name = type.IsNested ? Name(type.DeclaringType!, null) + "." + ShortName(type) : (type.Namespace is { } ns ? ns + "." : "") + ShortName(type);
        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            var own = arguments.Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0).ToArray();
            if (own.Length > 0)
                name += "<" + string.Join(", ", own.Select((a, i) => Name(a, Argument(nullability, arguments.Length - own.Length + i)))) + ">";
        }
        return name + Question(type, nullability);
    }

    private static string Name(Type type) => Name(type, null);

    private static NullabilityInfo? Argument(NullabilityInfo? nullability, int index) =>
        nullability is { GenericTypeArguments.Length: var n } && index < n ? nullability.GenericTypeArguments[index] : null;

    private static string Question(Type type, NullabilityInfo? nullability) =>
        !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";

    private static string ShortName(Type type) => type.Name.Split('`')[0];

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    private static bool IsReadOnly(Type type) => type.IsDefined(typeof(IsReadOnlyAttribute), inherit: false);

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(ushort)] = "ushort",
        [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(char)] = "char",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint", [typeof(void)] = "void",
    };
}
