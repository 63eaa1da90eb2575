using System;
using System.Globalization;
using System.IO;
using Evidence;
using Spectre.Console;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
EvidenceOptions options;
try
{
    if (Array.IndexOf(args, "--help") >= 0) { Console.WriteLine(EvidenceOptions.Usage); return 0; }
    options = EvidenceOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(EvidenceOptions.Usage);
    return 2;
}

var results = EvidenceRun.Run(options);
AnsiConsole.MarkupLine($"[bold]Report:[/] {Markup.Escape(Path.Combine(options.Output, "report.md"))} ({results.Elapsed.TotalMinutes:F1} min)");
return 0;
