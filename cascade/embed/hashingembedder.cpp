#include "cascade/embed/hashingembedder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <thread>

#include "cascade/core/error.h"

namespace cascade {

namespace {

constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;
// Different starting states keep the three feature kinds in separate hash domains, so the
// word "egg" and the 5-gram " egg " do not land on the same bucket by construction.
constexpr std::uint64_t kGramSeed = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kWordSeed = 0x84222325cbf29ce4ULL;
constexpr std::uint64_t kBigramMul = 0x9e3779b97f4a7c15ULL;

constexpr float kGramWeight = 1.0f;
constexpr float kWordWeight = 3.0f;
constexpr float kBigramWeight = 2.0f;
constexpr std::size_t kCancelEvery = 4096;

inline std::uint64_t fnv_step(std::uint64_t h, unsigned char c) {
    return (h ^ c) * kFnvPrime;
}

// murmur3 fmix64: FNV's low bits are weak, and the bucket and sign are taken from them.
inline std::uint64_t fmix64(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

inline void add_feature(float* row, std::uint64_t h, std::uint64_t dims, float weight) {
    const std::uint64_t m = fmix64(h);
    const auto bucket = ((m >> 32) * dims) >> 32;  // multiply-shift: no modulo bias
    // The sign bit is random, so a branch on it would mispredict half the time.
    const float signed_weight[2] = {weight, -weight};
    row[bucket] += signed_weight[m & 1];
}

// Lower-cases ASCII, keeps letters, digits, '%' and non-ASCII bytes, drops apostrophes
// ("kid's" -> "kids") and turns everything else into single spaces; pads with one space.
void normalise(std::string_view text, std::string& out) {
    out.clear();
    out.push_back(' ');
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + ('a' - 'A'));
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '%';
        if (keep) {
            out.push_back(static_cast<char>(c));
        } else if (c != '\'' && out.back() != ' ') {
            out.push_back(' ');
        }
    }
    if (out.back() != ' ') out.push_back(' ');
}

}  // namespace

HashingEmbedder::HashingEmbedder(int dims) : dims_(dims) {
    if (dims < 8 || dims > 65536)
        throw Error("hashing embedder: dims must be between 8 and 65536, got " +
                    std::to_string(dims));
}

std::string HashingEmbedder::identity() const {
    return "hashing/v" + std::to_string(kVersion) + "/dims=" + std::to_string(dims_) +
           "/char3-5+word1-2/fnv1a-fmix64";
}

void HashingEmbedder::embed_text(std::string_view text, float* out) const {
    thread_local std::string padded;
    normalise(text, padded);
    const auto dims = static_cast<std::uint64_t>(dims_);
    std::memset(out, 0, sizeof(float) * dims);

    const auto* s = reinterpret_cast<const unsigned char*>(padded.data());
    const std::size_t n = padded.size();
    if (n < 3) return;  // " ": nothing but padding

    for (std::size_t i = 0; i + 3 <= n; ++i) {
        std::uint64_t h = fnv_step(fnv_step(fnv_step(kGramSeed, s[i]), s[i + 1]), s[i + 2]);
        add_feature(out, h, dims, kGramWeight);
        if (i + 4 > n) continue;
        h = fnv_step(h, s[i + 3]);
        add_feature(out, h, dims, kGramWeight);
        if (i + 5 > n) continue;
        add_feature(out, fnv_step(h, s[i + 4]), dims, kGramWeight);
    }

    // Words sit between the single spaces of the padded text.
    std::uint64_t previous = 0;
    bool has_previous = false;
    std::size_t i = 1;
    while (i < n) {
        std::uint64_t h = kWordSeed;
        const std::size_t start = i;
        while (i < n && s[i] != ' ') h = fnv_step(h, s[i++]);
        if (i > start) {
            add_feature(out, h, dims, kWordWeight);
            if (has_previous) add_feature(out, previous * kBigramMul + h, dims, kBigramWeight);
            previous = h;
            has_previous = true;
        }
        ++i;
    }

    // Four running sums in a fixed order: independent additions overlap in the pipeline.
    double sums[4] = {0.0, 0.0, 0.0, 0.0};
    for (std::uint64_t d = 0; d < dims; ++d) sums[d % 4] += static_cast<double>(out[d]) * out[d];
    const double sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
    if (sum == 0.0) return;
    const auto scale = static_cast<float>(1.0 / std::sqrt(sum));
    for (std::uint64_t d = 0; d < dims; ++d) out[d] *= scale;
}

void HashingEmbedder::embed(std::span<const std::string> texts, float* out, RunContext& ctx) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (i % kCancelEvery == 0) ctx.throw_if_cancelled();
        embed_text(texts[i], out + i * static_cast<std::size_t>(dims_));
    }
}

void HashingEmbedder::embed_parallel(std::span<const std::string> texts, float* out, int threads,
                                     RunContext& ctx) const {
    const std::size_t count = texts.size();
    const std::size_t parts = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1));
    std::vector<std::exception_ptr> errors(parts);
    std::vector<std::thread> workers;
    workers.reserve(parts);
    for (std::size_t p = 0; p < parts; ++p) {
        workers.emplace_back([&, p] {
            try {
                const std::size_t begin = count * p / parts, end = count * (p + 1) / parts;
                for (std::size_t i = begin; i < end; ++i) {
                    if ((i - begin) % kCancelEvery == 0 && ctx.is_cancelled()) return;
                    embed_text(texts[i], out + i * static_cast<std::size_t>(dims_));
                }
            } catch (...) {
                errors[p] = std::current_exception();
            }
        });
    }
    for (auto& worker : workers) worker.join();
    for (auto& error : errors)
        if (error) std::rethrow_exception(error);
    ctx.throw_if_cancelled();
}

}  // namespace cascade
