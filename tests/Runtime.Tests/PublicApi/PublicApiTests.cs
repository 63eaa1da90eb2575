using System.Reflection;

namespace DyT.Runtime.Tests.PublicApi;

/// <summary>
/// The shipped assemblies' public surface is what a model author uses, and changes to it are deliberate: each is
/// compared with its committed <c>*.approved.txt</c>. The DyT.Generated package ships DyT.Runtime (lib/); DyT.Models
/// is not packed, and the generator and code fixes are compiler plug-ins with no public API for users.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> ShippedAssemblies => new() { "DyT.Abstractions", "DyT.Runtime" };

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void The_public_api_is_the_approved_one(string assembly) =>
        ApprovedApi.Match(assembly, PublicApiLister.Text(Assembly.Load(assembly)));
}
