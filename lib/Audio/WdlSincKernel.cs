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
/// is stored transposed (33 rows of 64 taps, one row per phase) so each sum reads contiguous memory, and several
/// outputs are summed side by side, one per SIMD lane (<see cref="Sample8Avx"/>), or four as eight scalar chains
/// where AVX is missing (<see cref="Sample4"/>): either way their dependency chains overlap where WDL waits on one
/// add after another. Each output's own sums keep WDL's order, and IEEE float products, float-to-double widening
/// and double adds round the same in a SIMD lane as in a scalar register, so the floats are the same.</para>
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

    /// <summary>Fills <paramref name="output"/> with WDL's samples at source positions <paramref name="pos"/>,
    /// <paramref name="pos"/> + <paramref name="ratio"/>, ..., stepped by repeated addition exactly as WDL steps them
    /// (so a chunk that starts from WDL's position at its first output continues WDL's sequence). The caller
    /// guarantees 64 samples of <paramref name="input"/> from each position's whole part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(float[] input, double pos, double ratio, Span<float> output)
    {
        const int group = 8;
        int* index = stackalloc int[group], row = stackalloc int[group];
        double* weight = stackalloc double[group];
        fixed (float* x = input, rows = _rows, y = output)
        {
            int n = output.Length, k = 0;
            for (; k + group <= n; k += group)
            {
                for (int j = 0; j < group; j++, pos += ratio) Locate(pos, out index[j], out row[j], out weight[j]);
                if (_vectorized) Sample8Avx(x, rows, index, row, weight, y + k);
                else for (int j = 0; j < group; j += 4) Sample4(x, rows, index + j, row + j, weight + j, y + k + j);
            }
            for (; k < n; k++, pos += ratio)
            {
                Locate(pos, out int i, out int r, out double w);
                y[k] = Sample1(x + i, rows + r, w);
            }
        }
    }

    /// <summary>WDL's SincSample1 addressing: the input index is the position's whole part; its fraction in table
    /// steps (x32) picks the phase row <c>31 - whole</c> (the sum's second row is the next one) and the blend
    /// weight is what remains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Locate(double pos, out int index, out int rowOffset, out double weight)
    {
        index = (int)pos;
        double phase = (pos - index) * Oversampling;
        int whole = (int)phase;
        rowOffset = (Oversampling - 1 - whole) * Taps;
        weight = phase - whole;
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
    /// <see cref="Sample1"/> for eight outputs, one per lane of four double vectors (two groups of four, whose sums
    /// are independent chains: one group alone would wait on its own adds). Per block of eight taps and group: the
    /// float products are formed per output (eight taps per register, rounded as WDL rounds them), transposed so
    /// that a register half holds one tap of the four outputs, widened to double and added in tap order, lane by
    /// lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sample8Avx(float* x, float* rows, int* index, int* row, double* weight, float* y)
    {
        var (a0, b0, a1, b1) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero,
            Vector256<double>.Zero);
        for (int t = 0; t < Taps; t += 8)
        {
            (a0, b0) = AddBlock(a0, b0, x + t, rows + t, index, row);
            (a1, b1) = AddBlock(a1, b1, x + t, rows + t, index + 4, row + 4);
        }
        for (int k = 0; k < 4; k++)
        {
            y[k] = (float)(a0.GetElement(k) * weight[k] + b0.GetElement(k) * (1.0 - weight[k]));
            y[k + 4] = (float)(a1.GetElement(k) * weight[k + 4] + b1.GetElement(k) * (1.0 - weight[k + 4]));
        }
    }

    /// <summary>Adds eight taps (from <paramref name="x"/> and <paramref name="rows"/> on) of four outputs' two sums
    /// to lanes 0..3 of <paramref name="a"/> (phase row) and <paramref name="b"/> (next row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> A, Vector256<double> B) AddBlock(
        Vector256<double> a, Vector256<double> b, float* x, float* rows, int* index, int* row)
    {
        Vector256<float> v0 = Avx.LoadVector256(x + index[0]), v1 = Avx.LoadVector256(x + index[1]);
        Vector256<float> v2 = Avx.LoadVector256(x + index[2]), v3 = Avx.LoadVector256(x + index[3]);
        float* f0 = rows + row[0], f1 = rows + row[1], f2 = rows + row[2], f3 = rows + row[3];
        a = AddColumns(a, Avx.LoadVector256(f0) * v0, Avx.LoadVector256(f1) * v1,
            Avx.LoadVector256(f2) * v2, Avx.LoadVector256(f3) * v3);
        b = AddColumns(b, Avx.LoadVector256(f0 + Taps) * v0, Avx.LoadVector256(f1 + Taps) * v1,
            Avx.LoadVector256(f2 + Taps) * v2, Avx.LoadVector256(f3 + Taps) * v3);
        return (a, b);
    }

    /// <summary>Adds to lane k of <paramref name="sum"/> the eight taps of output k's products
    /// <paramref name="p0"/>..<paramref name="p3"/> (one register per output), one tap after the other. The
    /// shuffles work within 128-bit halves: column j holds tap j of the four outputs in its low half, tap j + 4 in
    /// its high half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AddColumns(
        Vector256<double> sum, Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3)
    {
        const byte lowPairs = 0b01_00_01_00, highPairs = 0b11_10_11_10;
        Vector256<float> low01 = Avx.UnpackLow(p0, p1), low23 = Avx.UnpackLow(p2, p3);
        Vector256<float> high01 = Avx.UnpackHigh(p0, p1), high23 = Avx.UnpackHigh(p2, p3);
        Vector256<float> c0 = Avx.Shuffle(low01, low23, lowPairs), c1 = Avx.Shuffle(low01, low23, highPairs);
        Vector256<float> c2 = Avx.Shuffle(high01, high23, lowPairs), c3 = Avx.Shuffle(high01, high23, highPairs);
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(c0.GetLower()));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(c1.GetLower()));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(c2.GetLower()));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(c3.GetLower()));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(c0.GetUpper()));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(c1.GetUpper()));
        sum = Avx.Add(sum, Avx.ConvertToVector256Double(c2.GetUpper()));
        return Avx.Add(sum, Avx.ConvertToVector256Double(c3.GetUpper()));
    }
}
