#include "cascade/embed/embedder.h"

namespace cascade {

std::vector<float> Embedder::embed_one(const std::string& text, RunContext& ctx) {
    std::vector<float> row(static_cast<std::size_t>(dims()));
    embed(std::span<const std::string>(&text, 1), row.data(), ctx);
    return row;
}

float cosine(const float* a, const float* b, int dims) {
    // Four independent sums in a fixed order: fast without -ffast-math, and the same result on
    // every run (the order of float additions is part of the answer).
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= dims; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < dims; ++i) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

}  // namespace cascade
