#include "cascade/index/corpusindex.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "cascade/core/error.h"
#include "cascade/index/tempfile.h"

namespace cascade {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kSeed = 100;  // shard s draws its levels from kSeed + s
constexpr std::size_t kEmbedChunk = 8192;
constexpr std::size_t kCancelEvery = 256;
constexpr double kEmbedShare = 0.1;  // of the progress bar; building takes the rest

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void report(RunContext& ctx, const CorpusIndex::Progress& progress, double fraction,
            const std::string& message) {
    ctx.set_progress(fraction);
    if (progress) progress(fraction, message);
}

void finish(std::vector<SearchHit>& hits, int k) {
    const auto keep = std::min(hits.size(), static_cast<std::size_t>(k));
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(),
                      ranks_before);
    hits.resize(keep);
}

}  // namespace

CorpusIndex::CorpusIndex(CorpusIndex&&) noexcept = default;
CorpusIndex& CorpusIndex::operator=(CorpusIndex&&) noexcept = default;
CorpusIndex::~CorpusIndex() = default;

CorpusIndex CorpusIndex::build(const Corpus& corpus, Embedder& embedder, const IndexParams& params,
                               RunContext& ctx, const Progress& progress) {
    CorpusIndex index;
    index.size_ = corpus.size();
    index.dims_ = embedder.dims();
    index.params_ = params;
    index.corpus_hash_ = corpus.content_hash();
    index.embedder_ = embedder.identity();
    index.key_ = IndexManifest::make_key(index.corpus_hash_, index.embedder_, params);
    const std::size_t n = index.size_;
    const auto dims = static_cast<std::size_t>(index.dims_);

    // One buffer for all vectors; it is freed once the graphs hold their copies.
    std::vector<float> vectors(n * dims);
    for (std::size_t begin = 0; begin < n; begin += kEmbedChunk) {
        report(ctx, progress, kEmbedShare * static_cast<double>(begin) / static_cast<double>(n),
               "embedding " + std::to_string(n) + " terms");
        const std::size_t count = std::min(kEmbedChunk, n - begin);
        embedder.embed(std::span<const std::string>(corpus.terms.data() + begin, count),
                       vectors.data() + begin * dims, ctx);
    }

    const std::size_t shards = std::min<std::size_t>(static_cast<std::size_t>(params.shards), n);
    for (std::size_t s = 0; s < shards; ++s)
        index.firsts_.push_back(static_cast<std::uint32_t>(n * s / shards));
    index.shards_.resize(shards);
    std::atomic<std::size_t> added{0}, running{shards};
    std::vector<std::exception_ptr> errors(shards);
    std::mutex mutex;
    std::condition_variable done;
    std::vector<std::thread> workers;
    for (std::size_t s = 0; s < shards; ++s) {
        workers.emplace_back([&, s] {
            try {
                const std::size_t begin = n * s / shards, end = n * (s + 1) / shards;
                auto shard = std::make_unique<HnswShard>(index.dims_, end - begin, params.M,
                                                         params.ef_construction, kSeed + s);
                for (std::size_t i = begin; i < end; ++i) {
                    if ((i - begin) % kCancelEvery == 0) {
                        if (ctx.is_cancelled()) break;
                        added += std::min(kCancelEvery, end - i);
                    }
                    shard->add(vectors.data() + i * dims, static_cast<std::uint32_t>(i));
                }
                index.shards_[s] = std::move(shard);
            } catch (...) {
                errors[s] = std::current_exception();
            }
            std::lock_guard lock(mutex);
            --running;
            done.notify_one();
        });
    }
    {
        std::unique_lock lock(mutex);
        while (!done.wait_for(lock, std::chrono::milliseconds(200), [&] { return running == 0; })) {
            lock.unlock();
            const double part =
                static_cast<double>(added) / static_cast<double>(std::max<std::size_t>(n, 1));
            report(ctx, progress, kEmbedShare + (1.0 - kEmbedShare) * part,
                   "building index: " + std::to_string(added) + " of " + std::to_string(n) +
                       " terms in " + std::to_string(shards) + " shards");
            lock.lock();
        }
    }
    for (auto& worker : workers) worker.join();
    for (auto& error : errors)
        if (error) std::rethrow_exception(error);
    ctx.throw_if_cancelled();
    report(ctx, progress, 1.0, "index built: " + std::to_string(n) + " terms");
    index.status_ = {true, IndexReason::Missing, "built in memory", {}, 0, 0.0};
    return index;
}

std::string CorpusIndex::save(const std::string& dir, const std::string& name) const {
    fs::create_directories(dir);
    const std::string path = IndexManifest::path_for(dir, name, key_);
    IndexManifest manifest{key_, corpus_hash_, size_, embedder_, dims_, params_, {}};
    for (std::size_t s = 0; s < shards_.size(); ++s) {
        const std::string file = path + "." + std::to_string(s);
        const std::string temp = unique_temp_path(file);
        try {
            shards_[s]->save(temp);
            fs::rename(temp, file);
        } catch (...) {
            std::error_code ignored;
            fs::remove(temp, ignored);  // a failed save must not leave hundreds of MB behind
            throw;
        }
        manifest.shards.push_back({fs::path(file).filename().string(), firsts_[s],
                                   static_cast<std::uint32_t>(shards_[s]->size()),
                                   fs::file_size(file), file_checksum(file)});
    }
    manifest.write(path);
    return path;
}

CorpusIndex CorpusIndex::load(const std::string& path, const IndexManifest& manifest,
                              const IndexParams& params) {
    const std::size_t size = manifest.corpus_size;
    const std::size_t shards = std::min<std::size_t>(static_cast<std::size_t>(params.shards), size);
    if (manifest.shards.size() != shards)
        throw Error("the manifest lists " + std::to_string(manifest.shards.size()) + " shards, " +
                    std::to_string(shards) + " expected");
    CorpusIndex index;
    index.size_ = size;
    index.dims_ = manifest.dims;
    index.params_ = params;
    index.key_ = manifest.key;
    index.corpus_hash_ = manifest.corpus_hash;
    index.embedder_ = manifest.embedder;
    for (std::size_t s = 0; s < shards; ++s) {
        const auto& shard = manifest.shards[s];
        const std::size_t first = size * s / shards;
        const std::size_t count = size * (s + 1) / shards - first;
        if (shard.first != first || shard.count != count ||
            fs::path(shard.file).filename() != shard.file)
            throw Error("the manifest's shard " + std::to_string(s) + " is inconsistent");
        const std::string file = (fs::path(path).parent_path() / shard.file).string();
        std::error_code error;
        const auto bytes = fs::file_size(file, error);
        if (error) throw Error(file + " is missing");
        if (bytes != shard.bytes)
            throw Error(file + " has " + std::to_string(bytes) + " bytes, " +
                        std::to_string(shard.bytes) + " expected (truncated?)");
        if (file_checksum(file) != shard.checksum) throw Error(file + " fails its checksum");
        try {
            index.shards_.push_back(
                HnswShard::load(file, index.dims_, count, params.M, shard.first));
        } catch (const Error& e) {
            throw Error(file + ": " + e.what());
        }
        index.firsts_.push_back(shard.first);
    }
    return index;
}

CorpusIndex CorpusIndex::open_or_build(const Corpus& corpus, Embedder& embedder,
                                       const IndexParams& params, const std::string& dir,
                                       const std::string& name, RunContext& ctx,
                                       const Progress& progress) {
    const auto start = Clock::now();
    const std::string hash = corpus.content_hash();
    const IndexManifest wanted{IndexManifest::make_key(hash, embedder.identity(), params),
                               hash,
                               corpus.size(),
                               embedder.identity(),
                               embedder.dims(),
                               params,
                               {}};
    const std::string path = IndexManifest::path_for(dir, name, wanted.key);

    IndexReason reason = IndexReason::Missing;
    std::string why = "no saved index for corpus '" + name + "' in " + dir;
    std::error_code error;
    if (fs::exists(path, error)) {
        report(ctx, progress, 0.0, "loading saved index " + path);
        try {
            const IndexManifest manifest = IndexManifest::read(path);
            std::tie(reason, why) = manifest.difference(wanted);
            if (reason == IndexReason::None) {
                CorpusIndex index = load(path, manifest, params);
                const double seconds = seconds_since(start);
                index.status_ = {false,
                                 IndexReason::None,
                                 "loaded saved index " + path + " (" +
                                     std::to_string(corpus.size()) + " terms) in " +
                                     std::to_string(seconds) + " s",
                                 path,
                                 manifest.bytes_on_disk(path),
                                 seconds};
                report(ctx, progress, 1.0, index.status_.message);
                return index;
            }
        } catch (const Error& e) {
            reason = IndexReason::Corrupt;
            why = std::string("the saved index is corrupt: ") + e.what();
        }
    } else if (const auto earlier = IndexManifest::newest_other(dir, name, wanted.key)) {
        std::tie(reason, why) = earlier->difference(wanted);
    }

    report(ctx, progress, 0.0, "building the index of corpus '" + name + "': " + why);
    CorpusIndex index = build(corpus, embedder, params, ctx, progress);
    std::string message = "rebuilt: " + why;
    std::string saved_path;
    std::uint64_t bytes = 0;
    try {
        saved_path = index.save(dir, name);
        bytes = IndexManifest::read(saved_path).bytes_on_disk(saved_path);
        IndexManifest::remove_others(dir, name, wanted.key);
        message += "; saved to " + saved_path;
    } catch (const std::exception& e) {
        message += std::string("; could not save it: ") + e.what();
    }
    index.status_ = {true, reason, message, saved_path, bytes, seconds_since(start)};
    report(ctx, progress, 1.0, message);
    return index;
}

std::vector<SearchHit> CorpusIndex::search(const float* query, int k, int ef) const {
    std::vector<SearchHit> hits;
    if (k <= 0) return hits;
    const auto ef_used = static_cast<std::size_t>(ef > 0 ? ef : params_.ef_search);
    hits.reserve(static_cast<std::size_t>(k) * shards_.size());
    for (const auto& shard : shards_)
        shard->search(query, static_cast<std::size_t>(k), ef_used, hits);
    finish(hits, k);
    return hits;
}

std::vector<SearchHit> CorpusIndex::exact_search(const float* query, int k) const {
    std::vector<SearchHit> hits;
    if (k <= 0) return hits;
    hits.reserve(static_cast<std::size_t>(k) * shards_.size());
    for (const auto& shard : shards_) shard->exact_search(query, static_cast<std::size_t>(k), hits);
    finish(hits, k);
    return hits;
}

const float* CorpusIndex::vector(std::size_t term) const {
    if (term >= size_) throw Error("term " + std::to_string(term) + " is not in the index");
    const auto s = static_cast<std::size_t>(
        std::upper_bound(firsts_.begin(), firsts_.end(), static_cast<std::uint32_t>(term)) -
        firsts_.begin() - 1);
    return shards_[s]->vector(term - firsts_[s]);
}

}  // namespace cascade
