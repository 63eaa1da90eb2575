using System;
using System.IO;
using System.Text;

namespace DyT.Checkpoints;

/// <summary>
/// Writes a file whole or not at all: into a new temporary file in the same folder, flushed to the disk, then renamed
/// over the target. Until the rename the old file is untouched, so a save that fails (a tensor that cannot be read,
/// a full disk, a crash) leaves the checkpoint it would have replaced as it was; readers that hold the old file open
/// keep reading it. The rename replaces a symbolic link at the target instead of writing through it into the file
/// it points to (a Hugging Face cache blob, another model's weights).
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8WithoutMark = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="path"/> with what <paramref name="write"/> puts into the stream it is given.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target))
            throw new IOException($"{target} is a folder; expected the path of a file to write.");
        // Hidden, unique, and created only if absent (O_EXCL): nothing that already exists there is written through.
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary); // no-op when it was never created
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, as File.WriteAllText does.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8WithoutMark.GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));
}
