using System;
using System.IO;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>A new folder in the temp folder that is deleted, with its files, when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dyt-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
