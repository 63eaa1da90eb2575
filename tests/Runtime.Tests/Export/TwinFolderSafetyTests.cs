using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using DyT.Export;

namespace DyT.Runtime.Tests.Export;

/// <summary>A twin folder's files are read as checkpoint files are: only regular files, never blocking the reader.</summary>
public class TwinFolderSafetyTests
{
    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.True(File.Exists(path), "mkfifo made no FIFO");
    }

    [Fact]
    public async Task A_config_json_that_is_a_fifo_is_refused_without_blocking_the_loader_or_the_export()
    {
        using var folder = new TempFolder();
        var fifo = folder.PathOf("config.json");
        MakeFifo(fifo);

        var load = Task.Run(() => Record.Exception(() => new TwinLlamaDyT().LoadTwinCheckpoint(folder.Root)));
        var export = Task.Run(() => Record.Exception(() => PyTorchTwin.Export(new TwinLlamaDyT(), folder.Root)));
        var both = Task.WhenAll(load, export);
        if (await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(20))) != both)
        {
            // Release readers left blocked on the FIFO (a writer that opens and closes gives them end of file).
            for (var i = 0; i < 2; i++) using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail("a FIFO named config.json blocked the twin loader or the export");
        }

        foreach (var error in await both)
            Assert.Contains("config.json is a FIFO (named pipe), not a regular file", Assert.IsAssignableFrom<IOException>(error).Message);
    }
}
