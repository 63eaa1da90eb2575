using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DyT.Checkpoints;

/// <summary>
/// What a path names, told without opening it: opening a FIFO blocks until a writer comes, and reading a terminal or
/// <c>/dev/stdin</c> blocks until input comes, so a loader must know before it opens. .NET says only "file" or
/// "directory", so on Linux this asks the kernel (<c>statx</c>, whose layout is the same on every architecture).
/// </summary>
internal static partial class FileKind
{
    public enum Kind { Missing, RegularFile, Directory, Other }

    /// <summary>The kind of what <paramref name="path"/> finally names (symbolic links followed), and its type's name.</summary>
    public static (Kind Kind, string Description) Of(string path)
    {
        if (OperatingSystem.IsLinux() && LinuxKind(path) is { } linux) return linux;
        if (Directory.Exists(path)) return (Kind.Directory, "a directory");
        if (!File.Exists(path)) return (Kind.Missing, "missing");
        // Windows marks devices; elsewhere (macOS, BSD) .NET cannot tell a FIFO from a file, so it passes as one.
        return (File.GetAttributes(path) & FileAttributes.Device) != 0 ? (Kind.Other, "a device") : (Kind.RegularFile, "a regular file");
    }

    // statx(2): AT_FDCWD, STATX_TYPE, the offset of stx_mode in struct statx, and the struct's size.
    private const int AtCurrentDirectory = -100, StatxType = 0x1, ModeOffset = 28, StatxBytes = 256;
    // The file-type bits of st_mode (S_IFMT and the S_IF* values), the same on every Linux.
    private const int TypeBits = 0xF000, RegularType = 0x8000, DirectoryType = 0x4000, FifoType = 0x1000,
        CharacterDeviceType = 0x2000, BlockDeviceType = 0x6000, SocketType = 0xC000;
    private const int NoSuchFile = 2, NotADirectory = 20; // ENOENT, ENOTDIR

    private static bool statxMissing;

    private static unsafe (Kind, string)? LinuxKind(string path)
    {
        if (statxMissing) return null;
        var buffer = stackalloc byte[StatxBytes];
        int result;
        try
        {
            result = Statx(AtCurrentDirectory, path, 0, StatxType, buffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            statxMissing = true; // a C library without statx (glibc before 2.28): fall back to what .NET can tell
            return null;
        }
        if (result != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoSuchFile or NotADirectory ? (Kind.Missing, "missing") : null; // others: let the open report them
        }
        return (*(ushort*)(buffer + ModeOffset) & TypeBits) switch
        {
            RegularType => (Kind.RegularFile, "a regular file"),
            DirectoryType => (Kind.Directory, "a directory"),
            FifoType => (Kind.Other, "a FIFO (named pipe)"),
            CharacterDeviceType => (Kind.Other, "a character device (a terminal, /dev/null, ...)"),
            BlockDeviceType => (Kind.Other, "a block device"),
            SocketType => (Kind.Other, "a socket"),
            _ => (Kind.Other, "neither a regular file nor a directory"),
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
