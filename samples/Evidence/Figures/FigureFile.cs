using System;
using System.IO;
using ScottPlot;
using SkiaSharp;

namespace Evidence.Figures;

/// <summary>Writes ScottPlot plots side by side into one PNG, without a display (SkiaSharp renders in memory).</summary>
internal static class FigureFile
{
    /// <summary>Renders <paramref name="panels"/> left to right, each <paramref name="panelWidth"/> x <paramref name="height"/> pixels.</summary>
    public static void Save(string path, int panelWidth, int height, params Plot[] panels)
    {
        if (panels.Length == 0) throw new ArgumentException("A figure needs at least one panel.", nameof(panels));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);

        using var surface = SKSurface.Create(new SKImageInfo(panelWidth * panels.Length, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {panelWidth * panels.Length}x{height} surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Length; i++)
        {
            canvas.Save();
            canvas.Translate(i * panelWidth, 0);
            canvas.ClipRect(new SKRect(0, 0, panelWidth, height));
            panels[i].Render(canvas, panelWidth, height);
            canvas.Restore();
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
