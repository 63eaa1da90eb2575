// Forward and backward of a pointwise norm y = w * f(alpha * x + shift) + b over channels-last rows of C channels,
// shared by DyT (f = tanh, no shift) and Derf (f = erf). F supplies value(z) and slope(z, value).
#pragma once
#include "norm_common.cuh"

// Forward. Block: blockDim.x threads across one column tile (V columns each), blockDim.y row lanes; grid: (row
// blocks, column tiles). A thread loads its weight and bias once, then its DYT_FORWARD_ROWS rows (blockDim.y apart),
// all loads before any arithmetic so that several are in flight. The grid is not capped: one block per
// blockDim.y * DYT_FORWARD_ROWS rows, so every block has the same work and only the last wave is partial.
#define DYT_FORWARD_ROWS 4

template <int KIND, int V, class F>
DYT_DEVICE void pointwise_forward(const typename Elem<KIND>::T* x, typename Elem<KIND>::T* y, const float* alpha,
    const float* shift, const float* w, const float* b, i64 rows, int C) {
    const int col = (blockIdx.y * blockDim.x + threadIdx.x) * V;
    if (col >= C) return;  // no barriers below
    const float a = *alpha;
    const float s = shift ? *shift : 0.0f;
    float wv[V], bv[V];
#pragma unroll
    for (int k = 0; k < V; ++k) {
        wv[k] = w ? w[col + k] : 1.0f;
        bv[k] = w && b ? b[col + k] : 0.0f;
    }
    const i64 first = (i64)blockIdx.x * blockDim.y * DYT_FORWARD_ROWS + threadIdx.y;
    float v[DYT_FORWARD_ROWS][V];
#pragma unroll
    for (int u = 0; u < DYT_FORWARD_ROWS; ++u) {
        const i64 row = first + (i64)u * blockDim.y;
        if (row < rows) load_vec<KIND, V>(x + row * C + col, v[u]);
    }
#pragma unroll
    for (int u = 0; u < DYT_FORWARD_ROWS; ++u) {
        const i64 row = first + (i64)u * blockDim.y;
        if (row < rows) {
#pragma unroll
            for (int k = 0; k < V; ++k) {
                const float t = F::value(fmaf(a, v[u][k], s));
                v[u][k] = w ? fmaf(t, wv[k], bv[k]) : t;
            }
            store_vec<KIND, V>(y + row * C + col, v[u]);
        }
    }
}

// Backward. Block: blockDim.x threads across columns (V each; one column tile), blockDim.y lanes down the rows of
// this block's row range [blockIdx.y * rows_per_block, ...). Lanes take rows lane, lane + blockDim.y, ... two at a
// time (both rows' loads first). Writes dx (when not null) and this block's partial sums:
//   partials[blockIdx.y][c] for dweight and partials[blockIdx.y][C + c] for dbias (rows of 2C floats);
//   scalar_partials[k][block] for dalpha (k = 0) and, when SHIFT, dshift (k = 1), block = blockIdx.y * gridDim.x
//   + blockIdx.x, in rows of scalar_stride floats.
// Everything is added in a fixed order: lanes in row order, then lane 0 over the lanes, then a tree over threads.
#define DYT_BACKWARD_ROWS_PER_STEP 2

template <int KIND, int V, class F, bool SHIFT>
DYT_DEVICE void pointwise_backward(const typename Elem<KIND>::T* x, const typename Elem<KIND>::T* dy,
    typename Elem<KIND>::T* dx, const float* alpha, const float* shift, const float* w, float* partials,
    float* scalar_partials, int scalar_stride, i64 rows, int C, i64 rows_per_block) {
    const int threads = blockDim.x * blockDim.y;
    const int tid = threadIdx.y * blockDim.x + threadIdx.x;
    const int col = (blockIdx.x * blockDim.x + threadIdx.x) * V;
    const bool active = col < C;
    const float a = *alpha;
    const float s = SHIFT ? *shift : 0.0f;
    float wv[V], acc_w[V], acc_b[V], acc_a = 0.0f, acc_s = 0.0f;
#pragma unroll
    for (int k = 0; k < V; ++k) {
        wv[k] = (w && active) ? w[col + k] : 1.0f;
        acc_w[k] = 0.0f;
        acc_b[k] = 0.0f;
    }
    const i64 r0 = blockIdx.y * rows_per_block;
    const i64 r1 = r0 + rows_per_block < rows ? r0 + rows_per_block : rows;
    if (active) {
        for (i64 r = r0 + threadIdx.y; r < r1; r += (i64)DYT_BACKWARD_ROWS_PER_STEP * blockDim.y) {
            float xv[DYT_BACKWARD_ROWS_PER_STEP][V], g[DYT_BACKWARD_ROWS_PER_STEP][V];
#pragma unroll
            for (int u = 0; u < DYT_BACKWARD_ROWS_PER_STEP; ++u) {
                const i64 row = r + (i64)u * blockDim.y;
                if (row < r1) {
                    load_vec<KIND, V>(x + row * C + col, xv[u]);
                    load_vec<KIND, V>(dy + row * C + col, g[u]);
                }
            }
#pragma unroll
            for (int u = 0; u < DYT_BACKWARD_ROWS_PER_STEP; ++u) {
                const i64 row = r + (i64)u * blockDim.y;
                if (row >= r1) continue;
                float d[V];
#pragma unroll
                for (int k = 0; k < V; ++k) {
                    const float z = fmaf(a, xv[u][k], s);
                    const float t = F::value(z);
                    const float gs = g[u][k] * wv[k] * F::slope(z, t);  // dL/dz
                    d[k] = gs * a;
                    acc_a = fmaf(gs, xv[u][k], acc_a);
                    if (SHIFT) acc_s += gs;
                    acc_w[k] = fmaf(g[u][k], t, acc_w[k]);
                    acc_b[k] += g[u][k];
                }
                if (dx) store_vec<KIND, V>(dx + row * C + col, d);
            }
        }
    }
    // Column sums over the row lanes, lane 0 first.
    float* out = partials + (i64)blockIdx.y * 2 * C;
    for (int pass = 0; pass < 2; ++pass) {
#pragma unroll
        for (int k = 0; k < V; ++k) dyn_shared[tid * V + k] = pass == 0 ? acc_w[k] : acc_b[k];
        __syncthreads();
        if (threadIdx.y == 0 && active) {
#pragma unroll
            for (int k = 0; k < V; ++k) {
                float sum = 0.0f;
                for (int lane = 0; lane < (int)blockDim.y; ++lane) sum += dyn_shared[(lane * blockDim.x + threadIdx.x) * V + k];
                out[pass * C + col + k] = sum;
            }
        }
        __syncthreads();
    }
    // Scalars: a tree over the block's threads, padded to a power of two.
    int padded = 1;
    while (padded < threads) padded *= 2;
    const int block = blockIdx.y * gridDim.x + blockIdx.x;
    for (int k = 0; k < (SHIFT ? 2 : 1); ++k) {
        dyn_shared[tid] = k == 0 ? acc_a : acc_s;
        __syncthreads();
        for (int stride = padded / 2; stride > 0; stride /= 2) {
            if (tid < stride && tid + stride < threads) dyn_shared[tid] += dyn_shared[tid + stride];
            __syncthreads();
        }
        if (tid == 0) scalar_partials[(i64)k * scalar_stride + block] = dyn_shared[0];
        __syncthreads();
    }
}

// One forward and one backward kernel per element type and vector width: PREFIX_forward_NAME, PREFIX_backward_NAME.
#define DYT_POINTWISE_KERNELS(PREFIX, F, SHIFT, NAME, KIND, V)                                                         \
    extern "C" __global__ void PREFIX##_forward_##NAME(const Elem<KIND>::T* x, Elem<KIND>::T* y, const float* alpha,  \
        const float* shift, const float* w, const float* b, i64 rows, int C) {                                       \
        pointwise_forward<KIND, V, F>(x, y, alpha, shift, w, b, rows, C);                                            \
    }                                                                                                                \
    DYT_KERNEL_EXPORT(PREFIX##_forward_##NAME)                                                                       \
    extern "C" __global__ void PREFIX##_backward_##NAME(const Elem<KIND>::T* x, const Elem<KIND>::T* dy,             \
        Elem<KIND>::T* dx, const float* alpha, const float* shift, const float* w, float* partials,                  \
        float* scalar_partials, int scalar_stride, i64 rows, int C, i64 rows_per_block) {                            \
        pointwise_backward<KIND, V, F, SHIFT>(x, dy, dx, alpha, shift, w, partials, scalar_partials, scalar_stride,  \
            rows, C, rows_per_block);                                                                                \
    }                                                                                                                \
    DYT_KERNEL_EXPORT(PREFIX##_backward_##NAME)

#define DYT_POINTWISE_ALL(PREFIX, F, SHIFT)                     \
    DYT_POINTWISE_KERNELS(PREFIX, F, SHIFT, f32_v4, DYT_F32, 4)  \
    DYT_POINTWISE_KERNELS(PREFIX, F, SHIFT, f32_v1, DYT_F32, 1)  \
    DYT_POINTWISE_KERNELS(PREFIX, F, SHIFT, f16_v8, DYT_F16, 8)  \
    DYT_POINTWISE_KERNELS(PREFIX, F, SHIFT, f16_v1, DYT_F16, 1)  \
    DYT_POINTWISE_KERNELS(PREFIX, F, SHIFT, bf16_v8, DYT_BF16, 8) \
    DYT_POINTWISE_KERNELS(PREFIX, F, SHIFT, bf16_v1, DYT_BF16, 1)
