using System;
using System.IO;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>A temp folder under test and a second one outside it, for links that leave it; both deleted at the end.</summary>
internal sealed class FolderAndOutside : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dyt-folder-").FullName;

    public string Outside { get; } = Directory.CreateTempSubdirectory("dyt-outside-").FullName;

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        Directory.Delete(Outside, recursive: true);
    }
}
