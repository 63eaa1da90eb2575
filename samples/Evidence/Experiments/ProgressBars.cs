using System;
using Spectre.Console;

namespace Evidence.Experiments;

/// <summary>One progress bar per run, advanced per training step, with the running loss in its description.</summary>
internal sealed class ProgressBars(ProgressContext context)
{
    public Action<double> Start(string label, int steps)
    {
        var task = context.AddTask(label, maxValue: Math.Max(1, steps));
        double recent = double.NaN;
        return loss =>
        {
            recent = double.IsNaN(recent) ? loss : 0.95 * recent + 0.05 * loss;
            task.Increment(1);
            task.Description = $"{label}  loss {recent:F3}";
        };
    }

    /// <summary>A bar for work that is not training steps (calibration, evaluation), finished by calling the action.</summary>
    public Action Step(string label)
    {
        var task = context.AddTask(label, maxValue: 1);
        return () => task.Increment(1);
    }
}
