using System.IO;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>A temp folder deleted with everything in it when the test ends.</summary>
internal sealed class TempFolder : System.IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dyt-folder-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
