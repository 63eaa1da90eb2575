using System;
using System.IO;

namespace DyT.Runtime.Tests.Export;

/// <summary>A fresh temp folder, deleted with everything in it when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dyt-twin-").FullName;

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
