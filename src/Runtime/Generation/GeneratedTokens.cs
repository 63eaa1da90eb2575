using System.Collections.Generic;

namespace DyT.Generation;

/// <summary>One step of batched generation: the token each sequence produced, or null for one that had already stopped.</summary>
/// <param name="Step">0 for the first generated token, then 1, 2, ...</param>
/// <param name="Tokens">Per sequence of the batch, in prompt order: the new token, or null once that sequence has stopped.</param>
public sealed record GeneratedTokens(int Step, IReadOnlyList<long?> Tokens);
