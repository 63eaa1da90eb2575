// The CUDA execution model on the CPU, enough to run the norm kernels as C++: blocks run one after another; the
// threads of a block are coroutines (ucontext) switched at __syncthreads and at warp shuffles, so barriers and
// shuffles behave as on a GPU and a divergent barrier is reported instead of hanging. Force-included (g++ -include)
// before a .cu file; see emulation.cpp for the launcher and README.md for what it checks and what it cannot.
#pragma once
#include <math.h>
#include <string.h>
#include <stdint.h>
#include <utility>

#define DYT_HOST_EMULATION 1
#define __global__
#define __device__
#define __forceinline__ inline
#define DYT_DEVICE inline

struct dim3 { unsigned x = 1, y = 1, z = 1; };

namespace emu {
// Coordinates of the running coroutine, set by the scheduler at every switch.
extern dim3 thread_index, block_index, block_dim, grid_dim;
extern float* shared_memory;
void sync_threads();
float shuffle(float value, int source_lane, bool down);
[[noreturn]] void fail(const char* what, const void* address);

// Registers an extern "C" kernel under its name; its arguments come as cuLaunchKernel passes them (void**).
using Thunk = void (*)(void* function, void** arguments);
void register_kernel(const char* name, void* function, Thunk thunk);

template <class... A, size_t... I>
void call(void (*kernel)(A...), void** arguments, std::index_sequence<I...>) {
    kernel(*static_cast<A*>(arguments[I])...);
}
template <class... A>
struct Registration {
    Registration(const char* name, void (*kernel)(A...)) {
        register_kernel(name, reinterpret_cast<void*>(kernel), [](void* function, void** arguments) {
            call(reinterpret_cast<void (*)(A...)>(function), arguments, std::index_sequence_for<A...>{});
        });
    }
};
}  // namespace emu

#define threadIdx (emu::thread_index)
#define blockIdx (emu::block_index)
#define blockDim (emu::block_dim)
#define gridDim (emu::grid_dim)
#define dyn_shared (emu::shared_memory)
#define DYT_KERNEL_EXPORT(name) static emu::Registration registration_##name(#name, &name);

inline void __syncthreads() { emu::sync_threads(); }
inline float __uint_as_float(unsigned u) { float f; memcpy(&f, &u, 4); return f; }
inline unsigned __float_as_uint(float f) { unsigned u; memcpy(&u, &f, 4); return u; }

// The device's 16-byte accesses, which need 16-byte alignment: a misaligned one is reported, as the GPU would fault.
inline void load16(const void* p, unsigned (&w)[4]) {
    if ((uintptr_t)p % 16 != 0) emu::fail("misaligned 16-byte load", p);
    memcpy(w, p, 16);
}
inline void store16(void* p, const unsigned (&w)[4]) {
    if ((uintptr_t)p % 16 != 0) emu::fail("misaligned 16-byte store", p);
    memcpy(p, w, 16);
}
// cvt.f32.f16 (exact) and cvt.rn.f16.f32 (round to nearest even; overflow to infinity; NaN stays NaN), by bits.
inline float half_to_float(unsigned short h) {
    const unsigned sign = (h & 0x8000u) << 16, exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    if (exponent == 0x1f) return __uint_as_float(sign | 0x7f800000u | (mantissa << 13));            // inf, NaN
    if (exponent != 0) return __uint_as_float(sign | ((exponent + 112) << 23) | (mantissa << 13)); // normal
    const float subnormal = ldexpf((float)mantissa, -24);                                          // exact
    return sign ? -subnormal : subnormal;
}
inline unsigned short float_to_half(float f) {
    const unsigned bits = __float_as_uint(f), sign = (bits >> 16) & 0x8000u, magnitude = bits & 0x7fffffffu;
    if (magnitude > 0x7f800000u) return (unsigned short)(sign | 0x7e00u);                            // NaN
    if (magnitude >= 0x477ff000u) return (unsigned short)(sign | 0x7c00u);                           // rounds past 65504
    if (magnitude < 0x38800000u) {                                                                  // half subnormal or 0
        const float scaled = fabsf(f) * 16777216.0f;  // in units of 2^-24, exact
        return (unsigned short)(sign | (unsigned)nearbyintf(scaled));                                // nearest even
    }
    const unsigned rounded = magnitude + 0xfffu + ((magnitude >> 13) & 1u) - 0x38000000u;            // rebias, round
    return (unsigned short)(sign | (rounded >> 13));
}
inline float shuffle_down(float v, int delta) { return emu::shuffle(v, delta, true); }
inline float shuffle_first(float v) { return emu::shuffle(v, 0, false); }
