#pragma once

#include <cstdint>

namespace cascade {

// A tiny PRNG whose output is fixed by its definition. The std distributions are not: the same
// seed gives different numbers under libstdc++ and libc++, which would change generated data.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, n) for n > 0; the modulo bias is below 2^-40 for the small n used here.
    std::uint64_t below(std::uint64_t n) { return next() % n; }

    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

}  // namespace cascade
