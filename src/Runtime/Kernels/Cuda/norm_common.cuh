// Shared by the fused norm kernels (dyt_kernels.cu, derf_kernels.cu, rmsnorm_kernels.cu), compiled by NVRTC with no
// system headers. Elements are float, half or bfloat16 (KIND 0, 1, 2); arithmetic is always float.
//
// Memory is read and written only as the element type or through the 16-byte PTX accesses below, whose words are
// unpacked and packed with shifts: no object is accessed through a pointer to another type (C++ strict aliasing).
//
// DYT_HOST_EMULATION: bench/device/emulate (and the tests that use it) compiles these kernels as C++ on the CPU; it
// supplies the few device-only pieces (PTX accesses, half conversions, shuffles) and the kernel registration hook.
#pragma once

typedef unsigned short u16;
typedef unsigned int u32;
typedef long long i64;

// Where correctly rounded float32 tanh and erf first equal 1: the smallest float z with tanh(z) >= 1 - 2^-25
// (resp. erf), found by bisection in float64. From there on the kernels return exactly +-1 and a derivative of
// exactly 0, as float32 math does; CUDA's tanhf and erff (2 ulp) may round there either way.
#define DYT_TANH_SATURATION 9.010913848876953f /* 0x41102cb4 */
#define DYT_ERF_SATURATION 3.919205904006958f  /* 0x407ad445 */
#define DYT_TWO_OVER_SQRT_PI 1.1283791670955126f

#ifndef DYT_KERNEL_EXPORT
#define DYT_KERNEL_EXPORT(name) // The CPU emulation registers each kernel here; nothing on the device.
#endif

#ifndef DYT_HOST_EMULATION
#define DYT_DEVICE __device__ __forceinline__

extern __shared__ float dyn_shared[];

// 16 bytes at p (16-byte aligned, global memory) as four 32-bit words, little-endian element order.
DYT_DEVICE void load16(const void* p, u32 (&w)[4]) {
    asm("{ .reg .u64 g; cvta.to.global.u64 g, %4; ld.global.v4.u32 {%0, %1, %2, %3}, [g]; }"
        : "=r"(w[0]), "=r"(w[1]), "=r"(w[2]), "=r"(w[3]) : "l"(p));
}
DYT_DEVICE void store16(void* p, const u32 (&w)[4]) {
    asm volatile("{ .reg .u64 g; cvta.to.global.u64 g, %0; st.global.v4.u32 [g], {%1, %2, %3, %4}; }"
        :: "l"(p), "r"(w[0]), "r"(w[1]), "r"(w[2]), "r"(w[3]) : "memory");
}
DYT_DEVICE float half_to_float(u16 h) { float f; asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h)); return f; }
DYT_DEVICE u16 float_to_half(float f) { u16 h; asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f)); return h; }
DYT_DEVICE float shuffle_down(float v, int delta) { return __shfl_down_sync(0xffffffffu, v, delta); }
DYT_DEVICE float shuffle_first(float v) { return __shfl_sync(0xffffffffu, v, 0); }
#endif

// The loads above are not volatile, so the compiler may move them freely: inputs are never written while a kernel
// runs (an output may alias its own input element, which every thread reads before it writes).

// Elem<KIND>: the stored type T, its conversions to and from float, and its place in a 16-byte group of words.
template <int KIND> struct Elem;
template <> struct Elem<0> {
    typedef float T;
    enum { PER_WORD = 1 };
    static DYT_DEVICE float load(float v) { return v; }
    static DYT_DEVICE float store(float v) { return v; }
    static DYT_DEVICE float unpack(const u32 (&w)[4], int k) { return __uint_as_float(w[k]); }
    static DYT_DEVICE void pack(u32 (&w)[4], int k, float v) { w[k] = __float_as_uint(v); }
};
// Two 16-bit elements per word: element k is in word k / 2, low half first.
template <int KIND> struct HalfWords {
    static DYT_DEVICE float unpack(const u32 (&w)[4], int k) {
        return Elem<KIND>::load((u16)(k % 2 == 0 ? w[k / 2] & 0xffffu : w[k / 2] >> 16));
    }
    static DYT_DEVICE void pack(u32 (&w)[4], int k, float v) {
        const u32 bits = Elem<KIND>::store(v);
        w[k / 2] = k % 2 == 0 ? (w[k / 2] & 0xffff0000u) | bits : (w[k / 2] & 0xffffu) | (bits << 16);
    }
};
template <> struct Elem<1> : HalfWords<1> {
    typedef u16 T;
    enum { PER_WORD = 2 };
    static DYT_DEVICE float load(u16 v) { return half_to_float(v); }
    static DYT_DEVICE u16 store(float f) { return float_to_half(f); }
};
template <> struct Elem<2> : HalfWords<2> {
    typedef u16 T;
    enum { PER_WORD = 2 };
    static DYT_DEVICE float load(u16 v) { return __uint_as_float(((u32)v) << 16); }
    static DYT_DEVICE u16 store(float f) {
        const u32 bits = __float_as_uint(f);
        if ((bits & 0x7fffffffu) > 0x7f800000u) return (u16)0x7fc0;  // NaN stays NaN
        return (u16)((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);  // round to nearest even
    }
};

// V elements at p: one 16-byte access when V elements fill 16 bytes (p is then 16-byte aligned), else V element
// accesses.
template <int KIND, int V>
DYT_DEVICE void load_vec(const typename Elem<KIND>::T* p, float (&out)[V]) {
    if (V == 4 * Elem<KIND>::PER_WORD) {
        u32 w[4];
        load16(p, w);
#pragma unroll
        for (int k = 0; k < V; ++k) out[k] = Elem<KIND>::unpack(w, k);
    } else {
#pragma unroll
        for (int k = 0; k < V; ++k) out[k] = Elem<KIND>::load(p[k]);
    }
}

template <int KIND, int V>
DYT_DEVICE void store_vec(typename Elem<KIND>::T* p, const float (&in)[V]) {
    if (V == 4 * Elem<KIND>::PER_WORD) {
        u32 w[4] = {0u, 0u, 0u, 0u};
#pragma unroll
        for (int k = 0; k < V; ++k) Elem<KIND>::pack(w, k, in[k]);
        store16(p, w);
    } else {
#pragma unroll
        for (int k = 0; k < V; ++k) p[k] = Elem<KIND>::store(in[k]);
    }
}

// Element types by the suffix of the kernel names.
#define DYT_F32 0
#define DYT_F16 1
#define DYT_BF16 2

// ---------------------------------------------------------------------------------------------------------------
// Reductions of per-block partial sums, shared by every backward. All in a fixed order, so the results are the
// same bits on every run for the same shape and device (no atomics).
//
// norm_reduce_rows: a [rows x cols] float matrix is summed down its rows in segments of rows_per_segment rows; out
// row s holds segment s's sums. A block is DYT_REDUCE_COLUMNS columns x DYT_REDUCE_LANES row lanes: lane l adds
// rows l, l + LANES, ... of the segment in order, then lane 0 adds the lanes' sums in lane order. Column c of out
// row s goes to out_a[s * split + c] when c < split, else to out_b[s * (cols - split) + c - split]; a null output
// drops its columns. Blocks past column_blocks * segments reduce the scalar partials instead: block k adds
// scalar_partials[k * scalar_count ...] (256 threads strided, then a tree) into scalar_out[k].
#define DYT_REDUCE_COLUMNS 32
#define DYT_REDUCE_LANES 8

extern "C" __global__ void norm_reduce_rows(const float* in, int rows, int cols, int rows_per_segment, int segments,
    float* out_a, float* out_b, int split, const float* scalar_partials, int scalar_count, float* scalar_out0,
    float* scalar_out1) {
    const int column_blocks = (cols + DYT_REDUCE_COLUMNS - 1) / DYT_REDUCE_COLUMNS;
    const int block = blockIdx.x;
    const int tid = threadIdx.y * DYT_REDUCE_COLUMNS + threadIdx.x;
    if (block >= column_blocks * segments) {
        // A scalar: 256 threads, each a strided sum in order, then a tree.
        const int k = block - column_blocks * segments;
        const float* p = scalar_partials + (i64)k * scalar_count;
        float acc = 0.0f;
        for (int i = tid; i < scalar_count; i += DYT_REDUCE_COLUMNS * DYT_REDUCE_LANES) acc += p[i];
        dyn_shared[tid] = acc;
        __syncthreads();
        for (int stride = DYT_REDUCE_COLUMNS * DYT_REDUCE_LANES / 2; stride > 0; stride /= 2) {
            if (tid < stride) dyn_shared[tid] += dyn_shared[tid + stride];
            __syncthreads();
        }
        if (tid == 0) {
            float* out = k == 0 ? scalar_out0 : scalar_out1;
            if (out) out[0] = dyn_shared[0];
        }
        return;
    }
    const int segment = block / column_blocks;
    const int c = (block % column_blocks) * DYT_REDUCE_COLUMNS + threadIdx.x;
    const int r0 = segment * rows_per_segment;
    const int r1 = r0 + rows_per_segment < rows ? r0 + rows_per_segment : rows;
    float acc = 0.0f;
    if (c < cols)
        for (int r = r0 + threadIdx.y; r < r1; r += DYT_REDUCE_LANES) acc += in[(i64)r * cols + c];
    dyn_shared[tid] = acc;
    __syncthreads();
    if (threadIdx.y == 0 && c < cols) {
        float sum = 0.0f;
#pragma unroll
        for (int lane = 0; lane < DYT_REDUCE_LANES; ++lane) sum += dyn_shared[lane * DYT_REDUCE_COLUMNS + threadIdx.x];
        if (c < split) {
            if (out_a) out_a[(i64)segment * split + c] = sum;
        } else if (out_b) {
            out_b[(i64)segment * (cols - split) + (c - split)] = sum;
        }
    }
}
DYT_KERNEL_EXPORT(norm_reduce_rows)
