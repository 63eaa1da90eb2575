using System;
using System.Globalization;

namespace DyT.Generators.Emit;

/// <summary>
/// What an emitter's switch over a contract enum does with a value that is no member: fail, never fall back to some
/// default. The reader rejects such a value (DYT013) before any spec exists, so reaching this is a generator bug.
/// </summary>
internal static class UndefinedValue
{
    public static InvalidOperationException Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        new(string.Format(CultureInfo.InvariantCulture,
            "{0} value {1} is not defined; the reader reports DYT013 for it, so no spec should hold it",
            typeof(TEnum).Name, Convert.ToInt32(value, CultureInfo.InvariantCulture)));
}
