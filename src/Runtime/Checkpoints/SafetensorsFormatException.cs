using System;

namespace DyT.Checkpoints;

/// <summary>A file that is not a well-formed safetensors file; the message says what is wrong and where.</summary>
public sealed class SafetensorsFormatException : FormatException
{
    /// <summary>Creates the exception with a message that names the offending part of the file.</summary>
    public SafetensorsFormatException(string message) : base(message) { }

    /// <summary>Creates the exception around the error that made the header unreadable.</summary>
    public SafetensorsFormatException(string message, Exception inner) : base(message, inner) { }
}
