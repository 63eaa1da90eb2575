// Fused Derf (Dynamic erf): y = w * erf(alpha * x + shift) + b over channels-last rows, compiled at run time by NVRTC.
// Kernels: derf_forward_<type>_v<width>, derf_backward_<type>_v<width> (pointwise_norm.cuh) and norm_reduce_rows
// (norm_common.cuh), which adds up the backward's partial sums for dweight, dbias, dalpha and dshift.
// erff and expf are CUDA's (no fast-math): at most 2 ulp each (CUDA Math API); the slope's exp(-z^2) carries z^2's
// rounding too, about 1e-6 relative at the saturation point, far inside the checks' limits.
#include "pointwise_norm.cuh"

struct ErfF {
    // Exactly +-1 where float32 erf rounds to +-1, with a slope of exactly 0 there.
    static DYT_DEVICE float value(float z) { return fabsf(z) >= DYT_ERF_SATURATION ? copysignf(1.0f, z) : erff(z); }
    // d/dz erf(z) = 2 / sqrt(pi) * exp(-z^2).
    static DYT_DEVICE float slope(float z, float) {
        return fabsf(z) >= DYT_ERF_SATURATION ? 0.0f : DYT_TWO_OVER_SQRT_PI * expf(-z * z);
    }
};

DYT_POINTWISE_ALL(derf, ErfF, true)
