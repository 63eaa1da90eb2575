// Fused RMSNorm: y = w * x * rstd, rstd = 1 / sqrt(mean(x^2) + eps) over channels-last rows of C channels, compiled
// at run time by NVRTC. Sums are float32 for every element type; the backward recomputes rstd from x, as the
// forward computed it (same order, same bits), so nothing but x is saved between the two.
//
// Row groups: G threads (blockDim.x: a power of two from 32 to 512) share a row; blockDim.y = 256 / G rows (1 when
// G = 512) are handled at once. Thread tx holds the row's vectors tx, tx + G, ... (NV of them, V elements each) in
// registers, so x (and dy) are read once, and the weight of its columns. E = NV * V elements per thread: kernels
// exist for E = 8 (rows of up to 4096 channels) and E = 16 (up to 512 * 16 = 8192 channels); more per thread would
// cost the backward so many registers that only one 256-thread block fits on a multiprocessor.
#include "norm_common.cuh"

// Sums N values over the G threads of each row group, giving every thread the same bits: a shuffle tree within
// each warp, then (G > 32) the warps' sums in warp order through shared memory (blockDim.y * G / 32 * N floats).
// Every thread of the block must call it.
template <int N>
DYT_DEVICE void group_sum(float (&v)[N]) {
#pragma unroll
    for (int n = 0; n < N; ++n) {
        for (int delta = 16; delta > 0; delta /= 2) v[n] += shuffle_down(v[n], delta);
        v[n] = shuffle_first(v[n]);
    }
    const int warps = blockDim.x / 32;
    if (warps == 1) return;
    float* mine = dyn_shared + threadIdx.y * warps * N;
    if (threadIdx.x % 32 == 0)
#pragma unroll
        for (int n = 0; n < N; ++n) mine[(threadIdx.x / 32) * N + n] = v[n];
    __syncthreads();
#pragma unroll
    for (int n = 0; n < N; ++n) {
        float sum = 0.0f;
        for (int warp = 0; warp < warps; ++warp) sum += mine[warp * N + n];
        v[n] = sum;
    }
    __syncthreads();
}

DYT_DEVICE float inverse_rms(float sum_of_squares, int C, float eps) { return 1.0f / sqrtf(sum_of_squares / C + eps); }

// The weight of the thread's columns, in registers for all its rows (1 without affine). Loading it once per thread
// matters: a warp's scalar loads of w are 32 bytes apart, so each costs several L1 wavefronts.
template <int V, int NV>
DYT_DEVICE void load_weight(const float* w, int row_vectors, float (&wv)[NV][V]) {
#pragma unroll
    for (int j = 0; j < NV; ++j) {
        const int vi = threadIdx.x + j * blockDim.x;
#pragma unroll
        for (int k = 0; k < V; ++k) wv[j][k] = w && vi < row_vectors ? w[vi * V + k] : 1.0f;
    }
}

// Row groups take rows blockIdx.x * blockDim.y + threadIdx.y, then gridDim.x * blockDim.y further on: the grid is one
// wave (the host sizes it by the occupancy), so each thread's weight load serves many rows.
template <int KIND, int V, int NV>
DYT_DEVICE void rms_forward(const typename Elem<KIND>::T* x, typename Elem<KIND>::T* y, const float* w, float eps,
    i64 rows, int C) {
    const int row_vectors = C / V;
    float wv[NV][V];
    load_weight<V, NV>(w, row_vectors, wv);
    const i64 stride = (i64)gridDim.x * blockDim.y;
    // The same number of steps in every thread, so the barriers in group_sum are reached by all.
    for (i64 base = (i64)blockIdx.x * blockDim.y; base < rows; base += stride) {
        const i64 row = base + threadIdx.y;
        const bool valid = row < rows;
        float v[NV][V];
        float sum[1] = {0.0f};
#pragma unroll
        for (int j = 0; j < NV; ++j) {
            const int vi = threadIdx.x + j * blockDim.x;
            if (valid && vi < row_vectors) {
                load_vec<KIND, V>(x + row * C + vi * V, v[j]);
#pragma unroll
                for (int k = 0; k < V; ++k) sum[0] = fmaf(v[j][k], v[j][k], sum[0]);
            }
        }
        group_sum<1>(sum);
        const float rstd = inverse_rms(sum[0], C, eps);
#pragma unroll
        for (int j = 0; j < NV; ++j) {
            const int vi = threadIdx.x + j * blockDim.x;
            if (valid && vi < row_vectors) {
#pragma unroll
                for (int k = 0; k < V; ++k) v[j][k] = wv[j][k] * (v[j][k] * rstd);
                store_vec<KIND, V>(y + row * C + vi * V, v[j]);
            }
        }
    }
}

// dx = rstd * (g - x * rstd^2 * sum(g x) / C) with g = w * dy; partials[blockIdx.x][c] = this block's sum over its
// rows of dy * x * rstd (dweight), rows [blockIdx.x * rows_per_block, ...) taken blockDim.y at a time. The row
// lanes' sums are added in lane order.
template <int KIND, int V, int NV>
DYT_DEVICE void rms_backward(const typename Elem<KIND>::T* x, const typename Elem<KIND>::T* dy,
    typename Elem<KIND>::T* dx, const float* w, float eps, float* partials, i64 rows, int C, i64 rows_per_block) {
    const int row_vectors = C / V;
    float wv[NV][V], acc[NV][V];
    load_weight<V, NV>(w, row_vectors, wv);
#pragma unroll
    for (int j = 0; j < NV; ++j)
#pragma unroll
        for (int k = 0; k < V; ++k) acc[j][k] = 0.0f;
    const i64 r0 = (i64)blockIdx.x * rows_per_block;
    const i64 r1 = r0 + rows_per_block < rows ? r0 + rows_per_block : rows;
    // The same number of steps in every thread, so the barriers in group_sum are reached by all.
    const i64 steps = r1 > r0 ? (r1 - r0 + blockDim.y - 1) / blockDim.y : 0;
    for (i64 step = 0; step < steps; ++step) {
        const i64 row = r0 + step * blockDim.y + threadIdx.y;
        const bool valid = row < r1;
        float xv[NV][V], g[NV][V];
        float sums[2] = {0.0f, 0.0f};  // sum of x^2, sum of (w dy) x
#pragma unroll
        for (int j = 0; j < NV; ++j) {
            const int vi = threadIdx.x + j * blockDim.x;
            if (valid && vi < row_vectors) {
                load_vec<KIND, V>(x + row * C + vi * V, xv[j]);
                load_vec<KIND, V>(dy + row * C + vi * V, g[j]);
#pragma unroll
                for (int k = 0; k < V; ++k) {
                    sums[0] = fmaf(xv[j][k], xv[j][k], sums[0]);
                    sums[1] = fmaf(wv[j][k] * g[j][k], xv[j][k], sums[1]);
                }
            }
        }
        group_sum<2>(sums);
        const float rstd = inverse_rms(sums[0], C, eps);
        const float coefficient = rstd * rstd * (sums[1] / C);
#pragma unroll
        for (int j = 0; j < NV; ++j) {
            const int vi = threadIdx.x + j * blockDim.x;
            if (valid && vi < row_vectors) {
                float d[V];
#pragma unroll
                for (int k = 0; k < V; ++k) {
                    d[k] = rstd * (wv[j][k] * g[j][k] - xv[j][k] * coefficient);
                    acc[j][k] = fmaf(g[j][k], xv[j][k] * rstd, acc[j][k]);
                }
                if (dx) store_vec<KIND, V>(dx + row * C + vi * V, d);
            }
        }
    }
    if (!partials) return;
#pragma unroll
    for (int j = 0; j < NV; ++j) {
        const int vi = threadIdx.x + j * blockDim.x;
#pragma unroll
        for (int k = 0; k < V; ++k) dyn_shared[(threadIdx.y * blockDim.x + threadIdx.x) * V + k] = acc[j][k];
        __syncthreads();
        if (threadIdx.y == 0 && vi < row_vectors) {
#pragma unroll
            for (int k = 0; k < V; ++k) {
                float sum = 0.0f;
                for (int lane = 0; lane < (int)blockDim.y; ++lane) sum += dyn_shared[(lane * blockDim.x + threadIdx.x) * V + k];
                partials[(i64)blockIdx.x * C + vi * V + k] = sum;
            }
        }
        __syncthreads();
    }
}

#define DYT_RMS_KERNELS(NAME, KIND, V, E)                                                                             \
    extern "C" __global__ void rmsnorm_forward_##NAME##_e##E(const Elem<KIND>::T* x, Elem<KIND>::T* y,               \
        const float* w, float eps, i64 rows, int C) {                                                                \
        rms_forward<KIND, V, E / V>(x, y, w, eps, rows, C);                                                          \
    }                                                                                                                \
    DYT_KERNEL_EXPORT(rmsnorm_forward_##NAME##_e##E)                                                                 \
    extern "C" __global__ void rmsnorm_backward_##NAME##_e##E(const Elem<KIND>::T* x, const Elem<KIND>::T* dy,      \
        Elem<KIND>::T* dx, const float* w, float eps, float* partials, i64 rows, int C, i64 rows_per_block) {        \
        rms_backward<KIND, V, E / V>(x, dy, dx, w, eps, partials, rows, C, rows_per_block);                          \
    }                                                                                                                \
    DYT_KERNEL_EXPORT(rmsnorm_backward_##NAME##_e##E)

#define DYT_RMS_WIDTHS(NAME, KIND, V) DYT_RMS_KERNELS(NAME, KIND, V, 8) DYT_RMS_KERNELS(NAME, KIND, V, 16)

DYT_RMS_WIDTHS(f32_v4, DYT_F32, 4)
DYT_RMS_WIDTHS(f32_v1, DYT_F32, 1)
DYT_RMS_WIDTHS(f16_v8, DYT_F16, 8)
DYT_RMS_WIDTHS(f16_v1, DYT_F16, 1)
DYT_RMS_WIDTHS(bf16_v8, DYT_BF16, 8)
DYT_RMS_WIDTHS(bf16_v1, DYT_BF16, 1)
