using System;
using System.IO;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>A stream that can only be read forwards, as a network or decompression stream: no length, no seeking.</summary>
internal sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
{
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
}
