// Fused DyT (Dynamic Tanh): y = w * tanh(alpha * x) + b over channels-last rows, compiled at run time by NVRTC.
// Kernels: dyt_forward_<type>_v<width>, dyt_backward_<type>_v<width> (pointwise_norm.cuh) and norm_reduce_rows
// (norm_common.cuh), which adds up the backward's partial sums for dweight, dbias and dalpha.
// tanhf is CUDA's (no fast-math): at most 2 ulp (CUDA Math API).
#include "pointwise_norm.cuh"

struct TanhF {
    // Exactly +-1 where float32 tanh rounds to +-1, so the slope 1 - t^2 is exactly 0 there.
    static DYT_DEVICE float value(float z) { return fabsf(z) >= DYT_TANH_SATURATION ? copysignf(1.0f, z) : tanhf(z); }
    // (1 - t)(1 + t) rather than 1 - t * t: no cancellation as t nears 1.
    static DYT_DEVICE float slope(float, float t) { return (1.0f - t) * (1.0f + t); }
};

DYT_POINTWISE_ALL(dyt, TanhF, false)
