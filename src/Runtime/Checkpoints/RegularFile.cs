using System.IO;

namespace DyT.Checkpoints;

/// <summary>
/// Opens checkpoint files only when they are regular files, checked before the open: a FIFO, <c>/dev/stdin</c>, a
/// terminal or a socket would block the loader forever, and a device is not a checkpoint.
/// </summary>
internal static class RegularFile
{
    /// <summary>Throws, naming the path and what it is, unless <paramref name="path"/> names an existing regular file.</summary>
    public static void Require(string path)
    {
        var (kind, description) = FileKind.Of(path);
        if (kind == FileKind.Kind.Missing) throw new FileNotFoundException($"{path} does not exist.", path);
        if (kind != FileKind.Kind.RegularFile)
            throw new IOException($"{path} is {description}, not a regular file; checkpoints are read only from regular files.");
    }

    /// <summary>The whole of <paramref name="path"/> (a small file: a config.json) once <see cref="Require"/> passes.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var stream = OpenRead(path);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Opens <paramref name="path"/> for reading once <see cref="Require"/> passes.</summary>
    public static FileStream OpenRead(string path)
    {
        Require(path);
        return File.OpenRead(path);
    }
}
