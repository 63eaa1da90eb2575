namespace DyT.Generators.Specs;

/// <summary>
/// Llama 3.1's rotary scaling (Hugging Face's <c>rope_scaling</c> of <c>rope_type: llama3</c>): low frequencies are
/// divided by <paramref name="Factor"/>, high ones kept, those between interpolated.
/// </summary>
/// <param name="Factor">Divides the low frequencies (Llama 3.1: 8, Llama 3.2: 32).</param>
/// <param name="LowFreqFactor">Wavelengths above <paramref name="OriginalMaxPositions"/> / this are scaled.</param>
/// <param name="HighFreqFactor">Wavelengths below <paramref name="OriginalMaxPositions"/> / this are kept.</param>
/// <param name="OriginalMaxPositions">The context the model was first trained at (8192).</param>
internal sealed record LlamaRopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositions);
