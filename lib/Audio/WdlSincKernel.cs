using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HumanClap.Audio;

/// <summary>
/// The filter and the per-output arithmetic of WDL's sinc mode (a port of the behaviour of Cockos WDL's resampler as
/// shipped in NAudio.Core 3.3.0: BuildLowPass and SincSample1), laid out for speed but rounding exactly as it does.
/// <para>WDL keeps one table of 65·32 coefficients, the 64-tap windowed sinc sampled at 32 phases per input sample,
/// and for each output sums <c>(double)(float)(coeff · x)</c> over the 64 taps twice (the two phases around the
/// output's position), each sum in tap order from 0.0, then blends them in double and rounds to float. Here the table
/// is stored transposed (33 rows of 64 taps, one row per phase) so each sum reads contiguous memory, and four outputs
/// are summed side by side, one per SIMD lane (<see cref="Sample4Avx"/>), or as eight scalar chains where AVX is
/// missing (<see cref="Sample4"/>): either way their dependency chains overlap where WDL waits on one add after
/// another. Each output's own sums keep WDL's order, and IEEE float products, float-to-double widening and double
/// adds round the same in a SIMD lane as in a scalar register, so the floats are the same.</para>
/// </summary>
/// <remarks>The hot methods skip tiered compilation: unoptimised SIMD code is many times slower, and a process that
/// resamples one clip would otherwise spend it in tier 0.</remarks>
internal sealed unsafe class WdlSincKernel
{
    public const int Taps = 64;
    public const int Oversampling = 32;

    /// <summary>Row p, tap t = WDL's coefficient p + 32·t; rows 0..32 (an output reads rows p and p + 1).</summary>
    private readonly float[] _rows;
    private readonly bool _vectorized;

    /// <param name="cutoff">Fraction of the input Nyquist: WDL uses 1/(ratio·1.03) when downsampling, else 1.
    /// </param>
    /// <param name="vectorized">Use AVX where the machine has it; false forces the scalar path (tests cover both).
    /// </param>
    public WdlSincKernel(double cutoff, bool vectorized = true)
    {
        _vectorized = vectorized && Avx.IsSupported;
        var table = BuildLowPass(cutoff);
        _rows = new float[(Oversampling + 1) * Taps];
        for (int p = 0; p <= Oversampling; p++)
            for (int t = 0; t < Taps; t++)
                _rows[p * Taps + t] = table[p + Oversampling * t];
    }

    /// <summary>
    /// WDL's BuildLowPass for 64 taps and 32x oversampling: a 4-term Blackman-Harris window (cos w, 2w, 3w) times
    /// sinc(pi·cutoff·i/32), i from -1024 to 1055, stored as float, then scaled (in double, rounded to float again)
    /// so that the first 2048 coefficients, summed in double before rounding, total 32. The window and sinc
    /// arguments advance by repeated addition, as in WDL, which is what fixes the last bits.
    /// </summary>
    private static float[] BuildLowPass(double cutoff)
    {
        const int size = Taps * Oversampling, half = size / 2;
        var table = new float[(Taps + 1) * Oversampling];
        double sum = 0, windowPos = 0, windowStep = 2 * Math.PI / size;
        double sincStep = Math.PI / Oversampling * cutoff, sincPos = sincStep * -half;
        for (int i = -half; i < half + Oversampling; i++)
        {
            double value = 0.35875 - 0.48829 * Math.Cos(windowPos) + 0.14128 * Math.Cos(2.0 * windowPos)
                           - 0.01168 * Math.Cos(3.0 * windowPos);
            if (i != 0) value *= Math.Sin(sincPos) / sincPos;
            windowPos += windowStep;
            sincPos += sincStep;
            table[half + i] = (float)value;
            if (i < half) sum += value;
        }
        double scale = Oversampling / sum;
        for (int i = 0; i < table.Length; i++) table[i] = (float)(table[i] * scale);
        return table;
    }

    /// <summary>Output k of <paramref name="output"/> is WDL's sample for input index
    /// <paramref name="inputIndex"/>[from + k], filter row offset <paramref name="rowOffset"/>[from + k] and
    /// interpolation weight <paramref name="frac"/>[from + k]; the caller guarantees 64 samples of input from each
    /// index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(float[] input, int[] inputIndex, int[] rowOffset, double[] frac, int from, Span<float> output)
    {
        fixed (float* x = input, rows = _rows, y = output)
        fixed (int* index = &inputIndex[from], row = &rowOffset[from])
        fixed (double* weight = &frac[from])
        {
            int n = output.Length, k = 0;
            if (_vectorized)
                for (; k + 4 <= n; k += 4) Sample4Avx(x, rows, index + k, row + k, weight + k, y + k);
            else
                for (; k + 4 <= n; k += 4) Sample4(x, rows, index + k, row + k, weight + k, y + k);
            for (; k < n; k++) y[k] = Sample1(x + index[k], rows + row[k], weight[k]);
        }
    }

    /// <summary>WDL's SincSample1: two tap-order sums of float products widened to double, blended in double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sample1(float* x, float* f, double frac)
    {
        float* g = f + Taps;
        double sum = 0, sum2 = 0;
        for (int t = 0; t < Taps; t++)
        {
            sum += f[t] * x[t];
            sum2 += g[t] * x[t];
        }
        return (float)(sum * frac + sum2 * (1.0 - frac));
    }

    /// <summary><see cref="Sample1"/> for four outputs at once: eight independent chains of adds instead of two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sample4(float* x, float* rows, int* index, int* row, double* weight, float* y)
    {
        float* x0 = x + index[0], x1 = x + index[1], x2 = x + index[2], x3 = x + index[3];
        float* f0 = rows + row[0], f1 = rows + row[1], f2 = rows + row[2], f3 = rows + row[3];
        double a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
        for (int t = 0; t < Taps; t++)
        {
            float v0 = x0[t], v1 = x1[t], v2 = x2[t], v3 = x3[t];
            a0 += f0[t] * v0;
            b0 += f0[t + Taps] * v0;
            a1 += f1[t] * v1;
            b1 += f1[t + Taps] * v1;
            a2 += f2[t] * v2;
            b2 += f2[t + Taps] * v2;
            a3 += f3[t] * v3;
            b3 += f3[t + Taps] * v3;
        }
        y[0] = (float)(a0 * weight[0] + b0 * (1.0 - weight[0]));
        y[1] = (float)(a1 * weight[1] + b1 * (1.0 - weight[1]));
        y[2] = (float)(a2 * weight[2] + b2 * (1.0 - weight[2]));
        y[3] = (float)(a3 * weight[3] + b3 * (1.0 - weight[3]));
    }

    /// <summary>
    /// <see cref="Sample1"/> for four outputs, one per lane of a double vector. Per block of four taps: the float
    /// products are formed per output (four taps per register, as WDL rounds them), transposed 4x4 so that a
    /// register holds one tap of all four outputs, widened to double and added in tap order, lane by lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sample4Avx(float* x, float* rows, int* index, int* row, double* weight, float* y)
    {
        float* x0 = x + index[0], x1 = x + index[1], x2 = x + index[2], x3 = x + index[3];
        float* f0 = rows + row[0], f1 = rows + row[1], f2 = rows + row[2], f3 = rows + row[3];
        Vector256<double> a = Vector256<double>.Zero, b = Vector256<double>.Zero;
        for (int t = 0; t < Taps; t += 4)
        {
            Vector128<float> v0 = Sse.LoadVector128(x0 + t), v1 = Sse.LoadVector128(x1 + t);
            Vector128<float> v2 = Sse.LoadVector128(x2 + t), v3 = Sse.LoadVector128(x3 + t);
            a = AddColumns(a, Sse.LoadVector128(f0 + t) * v0, Sse.LoadVector128(f1 + t) * v1,
                Sse.LoadVector128(f2 + t) * v2, Sse.LoadVector128(f3 + t) * v3);
            b = AddColumns(b, Sse.LoadVector128(f0 + Taps + t) * v0, Sse.LoadVector128(f1 + Taps + t) * v1,
                Sse.LoadVector128(f2 + Taps + t) * v2, Sse.LoadVector128(f3 + Taps + t) * v3);
        }
        for (int k = 0; k < 4; k++) y[k] = (float)(a.GetElement(k) * weight[k] + b.GetElement(k) * (1.0 - weight[k]));
    }

    /// <summary>Adds to lane k of <paramref name="sum"/> the four taps of output k's products
    /// <paramref name="p0"/>..<paramref name="p3"/> (one register per output), one tap after the other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AddColumns(
        Vector256<double> sum, Vector128<float> p0, Vector128<float> p1, Vector128<float> p2, Vector128<float> p3)
    {
        Vector128<float> low01 = Sse.UnpackLow(p0, p1), low23 = Sse.UnpackLow(p2, p3);
        Vector128<float> high01 = Sse.UnpackHigh(p0, p1), high23 = Sse.UnpackHigh(p2, p3);
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(Sse.MoveLowToHigh(low01, low23)));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(Sse.MoveHighToLow(low23, low01)));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(Sse.MoveLowToHigh(high01, high23)));
        return Avx.Add(sum, Avx.ConvertToVector256Double(Sse.MoveHighToLow(high23, high01)));
    }
}
