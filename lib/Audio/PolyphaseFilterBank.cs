using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HumanClap.Audio;

/// <summary>
/// The phases of a polyphase filter for gcd-reduced rates orig → new: phase j (the outputs q·new + j) holds the
/// filter sampled at h(j·orig/new + width − i) for the input taps i where it can be non-zero, which start at
/// <c>First[j]</c> (relative to q·orig) and span at most 2·width taps. All rows are stored with one length, a
/// multiple of 8 (zeros beyond a row's taps), so every output is the same fixed-length dot product.
/// <para>Only the taps inside the filter's support are kept: the full (new, 2·width + orig) matrix of torch's
/// conv1d layout is mostly zeros, and for co-prime rates such as 44 101 → 48 000 Hz it would not fit in memory.
/// </para>
/// </summary>
internal sealed unsafe class PolyphaseFilterBank
{
    private readonly float[] _rows;
    private readonly int _maxFirst;

    private PolyphaseFilterBank(int orig, int @new, int[] first, float[] rows, int length)
    {
        Orig = orig;
        New = @new;
        First = first;
        _rows = rows;
        _maxFirst = first.Max();
        Length = length;
    }

    public int Orig { get; }
    public int New { get; }
    /// <summary>Per phase, the first input tap (offset from q·orig in the input padded by width zeros).</summary>
    public int[] First { get; }
    /// <summary>Taps per stored row (a multiple of 8).</summary>
    public int Length { get; }

    /// <summary>Samples <paramref name="h"/> (zero outside ±<paramref name="width"/> input samples) at every
    /// phase.</summary>
    public static PolyphaseFilterBank Build(int orig, int @new, int width, PolyphaseResampler.FilterShape h)
    {
        int length = (2 * width + 7) / 8 * 8;
        var first = new int[@new];
        var rows = new float[checked(@new * length)];
        for (int j = 0; j < @new; j++)
        {
            // h(j·orig/new + width − i) vanishes for i ≤ floor(j·orig/new) (argument ≥ width).
            first[j] = (int)((long)j * orig / @new) + 1;
            for (int k = 0; k < length; k++)
                rows[j * length + k] = (float)h((double)j * orig / @new + width - (first[j] + k));
        }
        return new PolyphaseFilterBank(orig, @new, first, rows, length);
    }

    /// <summary>Input samples <see cref="Filter"/> reads for <paramref name="outputs"/> outputs, counting from
    /// the padded input's start.</summary>
    public long InputSpan(long outputs)
    {
        if (outputs == 0) return 0;
        long q = (outputs - 1) / New;
        return q * Orig + _maxFirst + Length;
    }

    /// <summary>Outputs in the padded input's frames [<paramref name="qFrom"/>, <paramref name="qTo"/>) (output
    /// q·new + j for every phase j; those at or past <paramref name="output"/>'s length are skipped):
    /// output[q·new + j] = Σₖ input[q·orig + First[j] + k] · row_j[k].</summary>
    /// <remarks>Phase by phase, so one row serves eight frames at a time (AVX2 + FMA: one row load per eight
    /// multiply-adds, one horizontal reduction for the eight); without them one portable SIMD dot product per
    /// output. Summation order, and so the last bits, depend on the path, not on the blocks.</remarks>
    public void Filter(float[] input, float[] output, long qFrom, long qTo, bool vectorized = true)
    {
        if (input.LongLength < InputSpan(Math.Min(output.Length, qTo * New)))
            throw new ArgumentException("input too short for the outputs");
        bool fast = vectorized && Fma.IsSupported && Avx2.IsSupported;
        float* sums = stackalloc float[8];
        fixed (float* x = input, rows = _rows, y = output)
        {
            for (int j = 0; j < New; j++)
            {
                float* row = rows + (long)j * Length;
                long q = qFrom, end = j >= output.Length ? 0 : Math.Min(qTo, (output.Length - 1 - j) / New + 1);
                if (fast)
                {
                    for (; q + 8 <= end; q += 8)
                    {
                        Avx.Store(sums, Dot8(x + q * Orig + First[j], Orig, row, Length));
                        for (int k = 0; k < 8; k++) y[(q + k) * New + j] = sums[k];
                    }
                }
                for (; q < end; q++)
                    y[q * New + j] = Dot(new ReadOnlySpan<float>(x + q * Orig + First[j], Length),
                        new ReadOnlySpan<float>(row, Length));
            }
        }
    }

    /// <summary>Eight dot products of one row with the input at <paramref name="x"/> + k·<paramref name="stride"/>
    /// (k = 0..7, eight consecutive frames of one phase): eight independent multiply-add chains keep both FMA units
    /// busy (four would wait on the adds' latency).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<float> Dot8(float* x, int stride, float* row, int length)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> a4 = default, a5 = default, a6 = default, a7 = default;
        float* x4 = x + 4 * stride;
        for (int t = 0; t < length; t += 8)
        {
            var r = Avx.LoadVector256(row + t);
            a0 = Fma.MultiplyAdd(r, Avx.LoadVector256(x + t), a0);
            a1 = Fma.MultiplyAdd(r, Avx.LoadVector256(x + stride + t), a1);
            a2 = Fma.MultiplyAdd(r, Avx.LoadVector256(x + 2 * stride + t), a2);
            a3 = Fma.MultiplyAdd(r, Avx.LoadVector256(x + 3 * stride + t), a3);
            a4 = Fma.MultiplyAdd(r, Avx.LoadVector256(x4 + t), a4);
            a5 = Fma.MultiplyAdd(r, Avx.LoadVector256(x4 + stride + t), a5);
            a6 = Fma.MultiplyAdd(r, Avx.LoadVector256(x4 + 2 * stride + t), a6);
            a7 = Fma.MultiplyAdd(r, Avx.LoadVector256(x4 + 3 * stride + t), a7);
        }
        // hadd(a, b) = [a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, a6+a7, b4+b5, b6+b7]: two rounds leave, in each 128-bit
        // half, lane k with accumulator k's lanes 0-3 (low half) or 4-7 (high half) summed, for a0-a3 in t0 and
        // a4-a7 in t1; adding the halves gives the eight sums in order.
        var t0 = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
        var t1 = Avx.HorizontalAdd(Avx.HorizontalAdd(a4, a5), Avx.HorizontalAdd(a6, a7));
        return Avx.Add(Avx.Permute2x128(t0, t1, 0x20), Avx.Permute2x128(t0, t1, 0x31));
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = System.Numerics.Vector<float>.Zero;
        int i = 0, width = System.Numerics.Vector<float>.Count;
        for (; i <= a.Length - width; i += width)
            sum += new System.Numerics.Vector<float>(a[i..]) * new System.Numerics.Vector<float>(b[i..]);
        float total = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
