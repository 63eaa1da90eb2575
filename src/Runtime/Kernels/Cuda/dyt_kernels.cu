// Fused DyT kernels, compiled at run time by NVRTC (no headers needed, so any NVRTC version works).
// y = w * tanh(alpha * x) + b over rows of C channels (channels-last). Elements are float, half or bfloat16;
// arithmetic is float. V elements travel together in one 16-byte load when C % V == 0 and pointers are aligned.
// Backward writes per-block partial sums for dweight, dbias and dalpha; two more kernels reduce them in a fixed
// order, so results are the same on every run (no atomics).

typedef unsigned short u16;

template <int KIND> struct Elem;
template <> struct Elem<0> {
    typedef float T;
    static __device__ __forceinline__ float load(float v) { return v; }
    static __device__ __forceinline__ float store(float v) { return v; }
};
template <> struct Elem<1> {
    typedef u16 T;
    static __device__ __forceinline__ float load(u16 v) { float f; asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(v)); return f; }
    static __device__ __forceinline__ u16 store(float f) { u16 v; asm("cvt.rn.f16.f32 %0, %1;" : "=h"(v) : "f"(f)); return v; }
};
template <> struct Elem<2> {
    typedef u16 T;
    static __device__ __forceinline__ float load(u16 v) { return __uint_as_float(((unsigned int)v) << 16); }
    static __device__ __forceinline__ u16 store(float f) {
        unsigned int bits = __float_as_uint(f);
        if ((bits & 0x7fffffffu) > 0x7f800000u) return (u16)0x7fc0;  // NaN stays NaN
        return (u16)((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);  // round to nearest even
    }
};

template <int KIND, int V>
__device__ __forceinline__ void load_vec(const typename Elem<KIND>::T* p, float (&out)[V]) {
    typedef typename Elem<KIND>::T T;
    if (V * sizeof(T) == 16) {
        uint4 raw = *reinterpret_cast<const uint4*>(p);
        const T* e = reinterpret_cast<const T*>(&raw);
#pragma unroll
        for (int k = 0; k < V; ++k) out[k] = Elem<KIND>::load(e[k]);
    } else {
#pragma unroll
        for (int k = 0; k < V; ++k) out[k] = Elem<KIND>::load(p[k]);
    }
}

template <int KIND, int V>
__device__ __forceinline__ void store_vec(typename Elem<KIND>::T* p, const float (&in)[V]) {
    typedef typename Elem<KIND>::T T;
    if (V * sizeof(T) == 16) {
        uint4 raw;
        T* e = reinterpret_cast<T*>(&raw);
#pragma unroll
        for (int k = 0; k < V; ++k) e[k] = Elem<KIND>::store(in[k]);
        *reinterpret_cast<uint4*>(p) = raw;
    } else {
#pragma unroll
        for (int k = 0; k < V; ++k) p[k] = Elem<KIND>::store(in[k]);
    }
}

template <int KIND, int V>
__device__ __forceinline__ void forward_impl(const typename Elem<KIND>::T* x, typename Elem<KIND>::T* y,
    const float* alpha, const float* w, const float* b, long long n, int C) {
    const float a = *alpha;
    const long long vectors = n / V;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < vectors; i += (long long)gridDim.x * blockDim.x) {
        const long long base = i * V;
        const int c = (int)(base % C);
        float v[V];
        load_vec<KIND, V>(x + base, v);
#pragma unroll
        for (int k = 0; k < V; ++k) {
            const float t = tanhf(a * v[k]);
            v[k] = w ? fmaf(t, w[c + k], b ? b[c + k] : 0.0f) : t;
        }
        store_vec<KIND, V>(y + base, v);
    }
}

// Block: blockDim.x threads across columns (V each), blockDim.y lanes down the rows of this block's row range.
template <int KIND, int V>
__device__ __forceinline__ void backward_impl(const typename Elem<KIND>::T* x, const typename Elem<KIND>::T* dy,
    typename Elem<KIND>::T* dx, const float* alpha, const float* w, float* partial_w, float* partial_b,
    float* partial_a, long long rows, int C, long long rows_per_block) {
    extern __shared__ float shared[];
    const int threads = blockDim.x * blockDim.y;
    const int tid = threadIdx.y * blockDim.x + threadIdx.x;
    const int col = (blockIdx.x * blockDim.x + threadIdx.x) * V;
    const bool active = col < C;
    const float a = *alpha;
    float wv[V], acc_w[V], acc_b[V], acc_a = 0.0f;
#pragma unroll
    for (int k = 0; k < V; ++k) { wv[k] = (w && active) ? w[col + k] : 1.0f; acc_w[k] = 0.0f; acc_b[k] = 0.0f; }
    const long long r0 = blockIdx.y * rows_per_block;
    const long long r1 = r0 + rows_per_block < rows ? r0 + rows_per_block : rows;
    if (active) {
        for (long long r = r0 + threadIdx.y; r < r1; r += blockDim.y) {
            const long long off = r * C + col;
            float xv[V], g[V], d[V];
            load_vec<KIND, V>(x + off, xv);
            load_vec<KIND, V>(dy + off, g);
#pragma unroll
            for (int k = 0; k < V; ++k) {
                const float t = tanhf(a * xv[k]);
                const float s = g[k] * wv[k] * (1.0f - t * t);
                d[k] = s * a;
                acc_a = fmaf(s, xv[k], acc_a);
                acc_w[k] = fmaf(g[k], t, acc_w[k]);
                acc_b[k] += g[k];
            }
            if (dx) store_vec<KIND, V>(dx + off, d);
        }
    }
    // Column sums over the row lanes, lane 0 first: a fixed order.
    for (int pass = 0; pass < 2; ++pass) {
#pragma unroll
        for (int k = 0; k < V; ++k) shared[tid * V + k] = pass == 0 ? acc_w[k] : acc_b[k];
        __syncthreads();
        if (threadIdx.y == 0 && active) {
            float* out = (pass == 0 ? partial_w : partial_b) + blockIdx.y * (long long)C + col;
#pragma unroll
            for (int k = 0; k < V; ++k) {
                float s = 0.0f;
                for (int lane = 0; lane < blockDim.y; ++lane) s += shared[(lane * blockDim.x + threadIdx.x) * V + k];
                out[k] = s;
            }
        }
        __syncthreads();
    }
    // dalpha: a tree over the block's threads (blockDim is a power of two).
    shared[tid] = acc_a;
    __syncthreads();
    for (int stride = threads / 2; stride > 0; stride /= 2) {
        if (tid < stride) shared[tid] += shared[tid + stride];
        __syncthreads();
    }
    if (tid == 0) partial_a[blockIdx.y * gridDim.x + blockIdx.x] = shared[0];
}

#define DYT_KERNELS(NAME, KIND, V)                                                                                     \
    extern "C" __global__ void dyt_forward_##NAME(const Elem<KIND>::T* x, Elem<KIND>::T* y, const float* alpha,      \
        const float* w, const float* b, long long n, int C) {                                                        \
        forward_impl<KIND, V>(x, y, alpha, w, b, n, C);                                                              \
    }                                                                                                                \
    extern "C" __global__ void dyt_backward_##NAME(const Elem<KIND>::T* x, const Elem<KIND>::T* dy,                  \
        Elem<KIND>::T* dx, const float* alpha, const float* w, float* pw, float* pb, float* pa, long long rows,     \
        int C, long long rows_per_block) {                                                                           \
        backward_impl<KIND, V>(x, dy, dx, alpha, w, pw, pb, pa, rows, C, rows_per_block);                            \
    }

DYT_KERNELS(f32_v4, 0, 4)
DYT_KERNELS(f32_v1, 0, 1)
DYT_KERNELS(f16_v8, 1, 8)
DYT_KERNELS(f16_v1, 1, 1)
DYT_KERNELS(bf16_v8, 2, 8)
DYT_KERNELS(bf16_v1, 2, 1)

// dweight[c], dbias[c] = sums over the R row blocks, in block order.
extern "C" __global__ void dyt_reduce_columns(const float* pw, const float* pb, float* dw, float* db, int R, int C) {
    const int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= C) return;
    float sw = 0.0f, sb = 0.0f;
    for (int r = 0; r < R; ++r) { sw += pw[(long long)r * C + c]; sb += pb[(long long)r * C + c]; }
    if (dw) dw[c] = sw;
    if (db) db[c] = sb;
}

// dalpha = the sum of the per-block partials; one block of 256 threads, strided then a tree.
extern "C" __global__ void dyt_reduce_alpha(const float* pa, float* da, int count) {
    __shared__ float s[256];
    float acc = 0.0f;
    for (int i = threadIdx.x; i < count; i += 256) acc += pa[i];
    s[threadIdx.x] = acc;
    __syncthreads();
    for (int stride = 128; stride > 0; stride /= 2) {
        if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
        __syncthreads();
    }
    if (threadIdx.x == 0) da[0] = s[0];
}
