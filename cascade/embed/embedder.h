#pragma once

#include <span>
#include <string>
#include <vector>

#include "cascade/core/runcontext.h"

namespace cascade {

// Turns texts into vectors. Rows are row-major and L2-normalised, so the inner product of two
// rows is their cosine; a text with no features (empty, punctuation only) gives a zero row.
class Embedder {
public:
    virtual ~Embedder() = default;

    virtual int dims() const = 0;

    // Stable across runs and machines; names provider, model, dims and algorithm version.
    // Cache and index keys are built from it, so it must change whenever vectors would.
    virtual std::string identity() const = 0;

    // Writes texts.size() * dims() floats to out. Polls ctx between batches.
    virtual void embed(std::span<const std::string> texts, float* out, RunContext& ctx) = 0;

    std::vector<float> embed_one(const std::string& text, RunContext& ctx);
};

// Inner product of two L2-normalised vectors, i.e. their cosine similarity.
float cosine(const float* a, const float* b, int dims);

}  // namespace cascade
