using System;
using System.IO;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>A file path in the temp folder that is deleted when the test ends.</summary>
internal sealed class TempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dyt-{Guid.NewGuid():N}.safetensors");

    public void Dispose()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }
}
