using System;
using Evidence;

namespace DyT.Evidence.Tests;

public class StatsTests
{
    [Fact]
    public void Pearson_and_slope_match_hand_computed_values()
    {
        Assert.Equal(1.0, Stats.Pearson([1, 2, 3], [2, 4, 6]), 12);
        Assert.Equal(-1.0, Stats.Pearson([1, 2, 3], [3, 2, 1]), 12);
        // x = 1, 2, 3, 4 and y = 1, 3, 2, 4: deviations -1.5, -0.5, 0.5, 1.5 and -1.5, 0.5, -0.5, 1.5, so sxy = 4,
        // sxx = syy = 5 and r = 0.8.
        Assert.Equal(0.8, Stats.Pearson([1, 2, 3, 4], [1, 3, 2, 4]), 12);
        Assert.True(double.IsNaN(Stats.Pearson([1, 1, 1], [1, 2, 3])));
        Assert.Equal(2.0, Stats.SlopeThroughOrigin([1, 2], [2, 4]), 12);
        Assert.Throws<ArgumentException>(() => Stats.Pearson([1, 2], [1]));
    }

    [Fact]
    public void Mean_and_sample_std_print_as_the_report_shows_them()
    {
        Assert.Equal("95.00 ± 1.00%", Stats.PercentMeanStd([0.94, 0.95, 0.96]));
        Assert.Equal("94.00%", Stats.PercentMeanStd([0.94]));
        Assert.Equal(1.0, Stats.SampleStd([1, 2, 3]), 12);
        Assert.Equal(2.5, Stats.Median([4, 1, 3, 2]));
    }
}
