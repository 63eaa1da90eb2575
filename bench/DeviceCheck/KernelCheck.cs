using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DyT.Kernels;
using DyT.Kernels.Cuda;

namespace DyT.DeviceCheck;

/// <summary>
/// Times our CUDA forward and backward (median of 20 launches after 3 warmups, CUDA events on stream 0) and a
/// device-to-device copy of the same tensor, in bfloat16 and float32, and measures the largest error of y, dx,
/// dweight, dbias and dalpha against a float64 reference computed on the host from the same (rounded) inputs.
/// One JSON object per line, read by bench/device/check.py.
/// </summary>
internal static unsafe class KernelCheck
{
    private const int Warmups = 3, Iterations = 20;
    private const float Alpha = 0.5f;

    public static int Run(long rows, int channels)
    {
        var driver = CudaDyt.Driver;
        driver.UsePrimaryContext(0);
        var (major, minor, sms) = driver.Properties(0);
        Console.WriteLine($"{{\"device\":\"sm_{major}{minor}\",\"multiprocessors\":{sms},\"status\":{Json.Quote(CudaDyt.Status)}}}");
        var random = new Random(0);
        var n = rows * channels;
        var x = Fill(random, n, 2.0);
        var dy = Fill(random, n, 1.0);
        var w = Fill(random, channels, 1.0);
        var b = Fill(random, channels, 0.5);
        foreach (var type in new[] { DytElementType.BFloat16, DytElementType.Float32 })
            Measure(driver, type, rows, channels, x, dy, w, b);
        return 0;
    }

    private static void Measure(CudaDriver driver, DytElementType type, long rows, int channels, float[] x, float[] dy, float[] w, float[] b)
    {
        var n = rows * channels;
        var size = type.Size();
        var (xs, dys) = (Round(type, x), Round(type, dy)); // what the kernel sees
        var buffers = new List<nint>();
        nint Allocate(long bytes) { var p = driver.Allocate(bytes); buffers.Add(p); return p; }
        nint Upload(float[] values, DytElementType as_)
        {
            var p = Allocate(values.LongLength * as_.Size());
            var raw = Encode(as_, values);
            fixed (byte* h = raw) driver.CopyToDevice(p, h, raw.LongLength);
            return p;
        }
        try
        {
            nint dX = Upload(xs, type), dDy = Upload(dys, type), dY = Allocate(n * size), dDx = Allocate(n * size);
            nint dW = Upload(w, DytElementType.Float32), dB = Upload(b, DytElementType.Float32), dA = Upload([Alpha], DytElementType.Float32);
            nint dDw = Allocate(channels * 4L), dDb = Allocate(channels * 4L), dDa = Allocate(4);
            var workspace = Allocate(CudaDyt.WorkspaceBytes(rows, channels));

            var forward = Median(driver, () => CudaDyt.Forward(type, dX, dY, rows, channels, dA, dW, dB));
            var backward = Median(driver, () => CudaDyt.Backward(type, dX, dDy, dDx, rows, channels, dA, dW, dDw, dDb, dDa, workspace));
            var copy = Median(driver, () => driver.CopyOnDevice(dY + 0, dX, n * size));
            // The copy overwrote y: run the forward once more before reading it back.
            CudaDyt.Forward(type, dX, dY, rows, channels, dA, dW, dB);
            driver.Synchronize();

            var errors = Errors(driver, type, rows, channels, xs, dys, w, b, dY, dDx, dDw, dDb, dDa);
            var name = type == DytElementType.Float32 ? "float32" : "bfloat16";
            Console.WriteLine(Line("DyT.Generated CUDA", name, forward, backward, 2.0 * n * size, 3.0 * n * size, errors));
            Console.WriteLine(Line("copy (cuMemcpyDtoD)", name, copy, double.NaN, 2.0 * n * size, 0, null));
        }
        finally
        {
            foreach (var p in buffers) driver.Free(p);
        }
    }

    private static string Line(string impl, string dtype, double forwardMs, double backwardMs, double forwardBytes, double backwardBytes,
        (double Y, double Dx, double Dw, double Db, double Dalpha)? errors)
    {
        string Number(double value) => double.IsFinite(value) ? value.ToString("G6", CultureInfo.InvariantCulture) : "null";
        var text = $"{{\"impl\":{Json.Quote(impl)},\"dtype\":\"{dtype}\",\"fwd_ms\":{Number(forwardMs)},\"bwd_ms\":{Number(backwardMs)}," +
                   $"\"fwd_gbs\":{Number(forwardBytes / forwardMs / 1e6)},\"bwd_gbs\":{Number(backwardBytes / backwardMs / 1e6)}";
        if (errors is { } e)
            text += $",\"err_y\":{Number(e.Y)},\"err_dx\":{Number(e.Dx)},\"err_dw\":{Number(e.Dw)},\"err_db\":{Number(e.Db)},\"err_dalpha\":{Number(e.Dalpha)}";
        return text + "}";
    }

    private static double Median(CudaDriver driver, Action launch)
    {
        for (var i = 0; i < Warmups; i++) launch();
        driver.Synchronize();
        var times = Enumerable.Range(0, Iterations).Select(_ => (double)driver.Time(launch)).OrderBy(t => t).ToArray();
        return times[Iterations / 2];
    }

    // Largest absolute error of y and dx; relative error (to max(1, |reference|)) of the reductions.
    private static (double, double, double, double, double) Errors(CudaDriver driver, DytElementType type, long rows, int channels,
        float[] x, float[] dy, float[] w, float[] b, nint dY, nint dDx, nint dDw, nint dDb, nint dDa)
    {
        var n = rows * channels;
        var y = Download(driver, type, dY, n);
        var dx = Download(driver, type, dDx, n);
        var dw = Download(driver, DytElementType.Float32, dDw, channels);
        var db = Download(driver, DytElementType.Float32, dDb, channels);
        var da = Download(driver, DytElementType.Float32, dDa, 1)[0];
        var (refW, refB) = (new double[channels], new double[channels]);
        double refA = 0, errY = 0, errDx = 0;
        var gate = new object();
        Parallel.For(0L, rows, () => (W: new double[channels], B: new double[channels], A: 0.0, Y: 0.0, Dx: 0.0), (r, _, local) =>
        {
            for (var c = 0; c < channels; c++)
            {
                var i = r * channels + c;
                var t = Math.Tanh(Alpha * (double)x[i]);
                var g = dy[i] * (double)w[c] * (1 - t * t);
                local.Y = Math.Max(local.Y, Math.Abs(y[i] - (w[c] * t + b[c])));
                local.Dx = Math.Max(local.Dx, Math.Abs(dx[i] - g * Alpha));
                local.A += g * x[i];
                local.W[c] += dy[i] * t;
                local.B[c] += dy[i];
            }
            return local;
        }, local =>
        {
            lock (gate)
            {
                for (var c = 0; c < channels; c++) { refW[c] += local.W[c]; refB[c] += local.B[c]; }
                refA += local.A;
                errY = Math.Max(errY, local.Y);
                errDx = Math.Max(errDx, local.Dx);
            }
        });
        double Relative(double actual, double reference) => Math.Abs(actual - reference) / Math.Max(1, Math.Abs(reference));
        var errW = Enumerable.Range(0, channels).Max(c => Relative(dw[c], refW[c]));
        var errB = Enumerable.Range(0, channels).Max(c => Relative(db[c], refB[c]));
        return (errY, errDx, errW, errB, Relative(da, refA));
    }

    private static float[] Fill(Random random, long count, double scale)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    private static float[] Round(DytElementType type, float[] values) =>
        type == DytElementType.Float32 ? values : Decode(type, Encode(type, values), values.LongLength);

    private static byte[] Encode(DytElementType type, float[] values)
    {
        var bytes = new byte[values.LongLength * type.Size()];
        fixed (byte* p = bytes)
            for (long i = 0; i < values.LongLength; i++)
            {
                if (type == DytElementType.Float32) ((float*)p)[i] = values[i];
                else ((ushort*)p)[i] = type == DytElementType.Float16
                    ? BitConverter.HalfToUInt16Bits((Half)values[i])
                    : (ushort)((BitConverter.SingleToUInt32Bits(values[i]) + 0x7FFFu + ((BitConverter.SingleToUInt32Bits(values[i]) >> 16) & 1u)) >> 16);
            }
        return bytes;
    }

    private static float[] Decode(DytElementType type, byte[] bytes, long count)
    {
        var values = new float[count];
        fixed (byte* p = bytes)
            for (long i = 0; i < count; i++)
                values[i] = type switch
                {
                    DytElementType.Float32 => ((float*)p)[i],
                    DytElementType.Float16 => (float)BitConverter.UInt16BitsToHalf(((ushort*)p)[i]),
                    _ => BitConverter.Int32BitsToSingle(((ushort*)p)[i] << 16),
                };
        return values;
    }

    private static float[] Download(CudaDriver driver, DytElementType type, nint source, long count)
    {
        var bytes = new byte[count * type.Size()];
        fixed (byte* p = bytes) driver.CopyToHost(p, source, bytes.LongLength);
        return Decode(type, bytes, count);
    }
}
