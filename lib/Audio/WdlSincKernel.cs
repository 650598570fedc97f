namespace HumanClap.Audio;

/// <summary>
/// The filter and the per-output arithmetic of WDL's sinc mode (a port of the behaviour of Cockos WDL's resampler as
/// shipped in NAudio.Core 3.3.0: BuildLowPass and SincSample1), laid out for speed but rounding exactly as it does.
/// <para>WDL keeps one table of 65·32 coefficients, the 64-tap windowed sinc sampled at 32 phases per input sample,
/// and for each output sums <c>(double)(float)(coeff · x)</c> over the 64 taps twice (the two phases around the
/// output's position), each sum in tap order from 0.0, then blends them in double and rounds to float. Here the table
/// is stored transposed (33 rows of 64 taps, one row per phase) so each sum reads contiguous memory, and four outputs
/// are summed side by side: their eight dependency chains overlap in the FPU where WDL waits on one add after
/// another. Each output's own sums keep WDL's order, so the floats are the same.</para>
/// </summary>
internal sealed unsafe class WdlSincKernel
{
    public const int Taps = 64;
    public const int Oversampling = 32;

    /// <summary>Row p, tap t = WDL's coefficient p + 32·t; rows 0..32 (an output reads rows p and p + 1).</summary>
    private readonly float[] _rows;

    /// <param name="cutoff">Fraction of the input Nyquist: WDL uses 1/(ratio·1.03) when downsampling, else 1.
    /// </param>
    public WdlSincKernel(double cutoff)
    {
        var table = BuildLowPass(cutoff);
        _rows = new float[(Oversampling + 1) * Taps];
        for (int p = 0; p <= Oversampling; p++)
            for (int t = 0; t < Taps; t++)
                _rows[p * Taps + t] = table[p + Oversampling * t];
    }

    /// <summary>
    /// WDL's BuildLowPass for 64 taps and 32x oversampling: a 4-term Blackman-Harris window (cos w, 2w, 3w) times
    /// sinc(pi·cutoff·i/32), i from -1024 to 1055, stored as float, then scaled (in double, rounded to float again) so
    /// the first 2048 coefficients, summed in double before rounding, total 32. The window and sinc arguments
    /// advance by repeated addition, as in WDL, which is what fixes the last bits.
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
    public void Compute(float[] input, int[] inputIndex, int[] rowOffset, double[] frac, int from, Span<float> output)
    {
        fixed (float* x = input, rows = _rows, y = output)
        fixed (int* index = &inputIndex[from], row = &rowOffset[from])
        fixed (double* weight = &frac[from])
        {
            int n = output.Length, k = 0;
            for (; k + 4 <= n; k += 4) Sample4(x, rows, index + k, row + k, weight + k, y + k);
            for (; k < n; k++) y[k] = Sample1(x + index[k], rows + row[k], weight[k]);
        }
    }

    /// <summary>WDL's SincSample1: two tap-order sums of float products widened to double, blended in double.
    /// </summary>
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
}
