// Launcher and scheduler of the CPU emulation (cuda_emulation.h). Built into one shared library per kernel program
// together with that program's .cu file; the tests load it and call emu_launch as the CUDA driver's cuLaunchKernel.
#include "cuda_emulation.h"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>
#include <ucontext.h>

namespace emu {
dim3 thread_index, block_index, block_dim, grid_dim;
float* shared_memory;

namespace {
struct Kernel { void* function; Thunk thunk; };
std::map<std::string, Kernel>& kernels() { static std::map<std::string, Kernel> table; return table; }

enum class State { Runnable, AtBarrier, AtWarpBarrier, Done };
struct Thread { ucontext_t context; std::vector<char> stack; State state; dim3 index; };

const size_t StackBytes = 128 * 1024;
const int WarpSize = 32;

struct Error : std::runtime_error { using std::runtime_error::runtime_error; };

// The block being run.
std::vector<Thread> threads;
int running = -1;
ucontext_t scheduler;
std::vector<float> exchange[2];  // shuffle slots per thread, alternating between consecutive shuffles
std::vector<int> shuffles;        // shuffles each thread has done
Kernel current;
void** current_arguments;
std::string failure;

void yield(State state) {
    Thread& self = threads[running];
    self.state = state;
    swapcontext(&self.context, &scheduler);
}

void entry() {
    current.thunk(current.function, current_arguments);
    threads[running].state = State::Done;
    setcontext(&scheduler);
}

std::string where(int t) {
    const dim3& i = threads[t].index;
    return "thread (" + std::to_string(i.x) + ", " + std::to_string(i.y) + ") of block (" + std::to_string(block_index.x) +
           ", " + std::to_string(block_index.y) + ")";
}

// Runs every thread of one block to completion, releasing barriers when all threads (or all lanes of a warp) wait.
void run_block(int count) {
    for (int t = 0; t < count; ++t) {
        Thread& thread = threads[t];
        getcontext(&thread.context);
        thread.context.uc_stack.ss_sp = thread.stack.data();
        thread.context.uc_stack.ss_size = thread.stack.size();
        thread.context.uc_link = nullptr;
        makecontext(&thread.context, entry, 0);
        thread.state = State::Runnable;
        thread.index.x = t % block_dim.x;
        thread.index.y = t / block_dim.x;
    }
    for (;;) {
        bool progressed = false;
        for (int t = 0; t < count; ++t) {
            if (threads[t].state != State::Runnable) continue;
            running = t;
            thread_index = threads[t].index;
            swapcontext(&scheduler, &threads[t].context);
            if (!failure.empty()) throw Error(failure + " in " + where(t));
            progressed = true;
        }
        int done = 0, at_barrier = 0;
        for (int t = 0; t < count; ++t) {
            done += threads[t].state == State::Done;
            at_barrier += threads[t].state == State::AtBarrier;
        }
        if (done == count) return;
        if (at_barrier > 0 && at_barrier + done == count) {
            if (done > 0) throw Error("__syncthreads reached by " + std::to_string(at_barrier) + " threads while " +
                                      std::to_string(done) + " had returned (divergent barrier)");
            for (int t = 0; t < count; ++t) threads[t].state = State::Runnable;
            continue;
        }
        for (int warp = 0; warp * WarpSize < count; ++warp) {
            const int first = warp * WarpSize, last = first + WarpSize < count ? first + WarpSize : count;
            int waiting = 0;
            for (int t = first; t < last; ++t) waiting += threads[t].state == State::AtWarpBarrier;
            if (waiting == 0) continue;
            if (waiting != WarpSize) {
                if (progressed) continue;
                throw Error("a full-warp shuffle in warp " + std::to_string(warp) + " reached by " + std::to_string(waiting) +
                            " of " + std::to_string(WarpSize) + " lanes");
            }
            for (int t = first; t < last; ++t) threads[t].state = State::Runnable;
            progressed = true;
        }
        if (!progressed) throw Error("deadlock: threads wait at different barriers");
    }
}
}  // namespace

void register_kernel(const char* name, void* function, Thunk thunk) { kernels()[name] = Kernel{function, thunk}; }

void sync_threads() { yield(State::AtBarrier); }

// A lane writes its value, waits for the warp, reads its source lane's. Consecutive shuffles use the two slot sets
// in turn: a lane can only write a set again two shuffles later, after every lane has passed the shuffle between,
// so after every lane has read.
float shuffle(float value, int lane_or_delta, bool down) {
    const int t = running, lane = t % WarpSize, base = t - lane;
    auto& slots = exchange[shuffles[t]++ % 2];
    slots[t] = value;
    yield(State::AtWarpBarrier);
    const int source = down ? lane + lane_or_delta : lane_or_delta;
    return source < WarpSize ? slots[base + source] : value;
}

void fail(const char* what, const void* address) {
    char text[64];
    snprintf(text, sizeof text, " at %p", address);
    failure = std::string(what) + text;
    setcontext(&scheduler);  // abandon this thread; run_block reports it
    abort();
}
}  // namespace emu

namespace {
std::string last_error;
}

// Launches a registered kernel as cuLaunchKernel would: returns 0, or -1 with the reason in emu_last_error().
extern "C" int emu_launch(const char* name, unsigned grid_x, unsigned grid_y, unsigned block_x, unsigned block_y,
    unsigned shared_bytes, void** arguments) {
    using namespace emu;
    try {
        auto found = kernels().find(name);
        if (found == kernels().end()) throw Error(std::string("no kernel named ") + name);
        const unsigned count = block_x * block_y;
        if (grid_x == 0 || grid_y == 0 || count == 0) throw Error("empty grid or block");
        if (count > 1024) throw Error("more than 1024 threads per block: " + std::to_string(count));
        if (grid_y > 65535) throw Error("grid y above 65535: " + std::to_string(grid_y));
        if (shared_bytes > 48 * 1024) throw Error("more than 48 KiB of dynamic shared memory: " + std::to_string(shared_bytes));
        current = found->second;
        current_arguments = arguments;
        failure.clear();
        if (threads.size() < count) threads.resize(count);
        for (unsigned t = 0; t < count; ++t)
            if (threads[t].stack.empty()) threads[t].stack.resize(StackBytes);
        exchange[0].assign(count, 0.0f);
        exchange[1].assign(count, 0.0f);
        block_dim = dim3{block_x, block_y, 1};
        grid_dim = dim3{grid_x, grid_y, 1};
        // Shared memory starts as NaN each block, so a read of a slot no thread wrote shows in the results.
        std::vector<float> shared(shared_bytes / sizeof(float) + 1);
        for (unsigned y = 0; y < grid_y; ++y)
            for (unsigned x = 0; x < grid_x; ++x) {
                block_index = dim3{x, y, 1};
                shuffles.assign(count, 0);
                shared.assign(shared.size(), NAN);
                shared_memory = shared.data();
                run_block((int)count);
            }
        return 0;
    } catch (const std::exception& error) {
        last_error = std::string(name) + ": " + error.what();
        return -1;
    }
}

extern "C" const char* emu_last_error() { return last_error.c_str(); }

// Names of the registered kernels, separated by newlines.
extern "C" const char* emu_kernel_names() {
    static std::string names;
    names.clear();
    for (auto& entry : emu::kernels()) names += entry.first + "\n";
    return names.c_str();
}
