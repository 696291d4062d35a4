#include "cascade/engine/projectresources.h"

#include <optional>

#include "cascade/core/error.h"
#include "cascade/embed/hashingembedder.h"
#include "cascade/embed/httpembedder.h"
#include "cascade/index/corpusindex.h"
#include "cascade/index/corpusloader.h"
#include "cascade/index/corpusrecipe.h"
#include "cascade/llm/httpmulti.h"
#include "cascade/store/embeddingcache.h"
#include "cascade/store/runstore.h"

namespace cascade {

struct ProjectResources::OpenCorpus {
    Corpus corpus;
    std::optional<CorpusIndex> index;
};

ProjectResources::ProjectResources(const Project& project, RunContext& context, EventSink* sink)
    : project_(project), context_(context), sink_(sink) {}

ProjectResources::~ProjectResources() = default;

void ProjectResources::note(const std::string& message) {
    if (sink_) sink_->issue(RunIssue{RunIssue::Severity::Info, "", "", message});
}

Embedder& ProjectResources::embedder(const std::string& name) {
    if (const auto it = embedders_.find(name); it != embedders_.end()) return *it->second;
    const auto config = project_.embedders.find(name);
    if (config == project_.embedders.end()) throw Error("unknown embedder \"" + name + "\"");
    std::unique_ptr<Embedder> embedder;
    if (config->second.provider == "hashing") {
        embedder = std::make_unique<HashingEmbedder>(config->second.dims);
    } else if (config->second.provider == "openai") {
        if (!http_) {
            own_http_ = std::make_unique<HttpMulti>();
            http_ = own_http_.get();
            // No write transaction stays open while the embedder waits for the network.
            if (store_) own_http_->set_before_wait([store = store_] { store->commit(); });
        }
        HttpEmbedder::Cache cache;
        if (store_) {
            if (!embedding_cache_) embedding_cache_ = std::make_unique<EmbeddingCache>(store_->db());
            EmbeddingCache* vectors = embedding_cache_.get();
            cache.lookup = [vectors](const std::string& id, const std::string& text, int dims,
                                     float* out) { return vectors->lookup(id, text, dims, out); };
            cache.store = [vectors](const std::string& id, std::span<const std::string> texts,
                                    int dims, const float* rows) {
                vectors->store(id, texts, dims, rows);
            };
        }
        embedder = std::make_unique<HttpEmbedder>(config->second, *http_, std::move(cache), offline_);
    } else {
        throw Error("embedder \"" + name + "\": provider \"" + config->second.provider +
                    "\" is not supported by this build");
    }
    return *embedders_.emplace(name, std::move(embedder)).first->second;
}

ProjectResources::OpenCorpus& ProjectResources::open_corpus(const std::string& name) {
    if (const auto it = corpora_.find(name); it != corpora_.end()) return *it->second;
    const auto config = project_.corpora.find(name);
    if (config == project_.corpora.end()) throw Error("unknown corpus \"" + name + "\"");
    const CorpusConfig& c = config->second;
    const auto tsv = (project_.dir / c.path).string();
    if (!c.recipe.empty()) {
        if (ensure_corpus_file((project_.dir / c.recipe).string(), tsv, context_))
            note("corpus \"" + name + "\": generated " + c.path + " from " + c.recipe);
    }
    auto open = std::make_unique<OpenCorpus>();
    open->corpus = CorpusLoader::load(tsv);
    for (const auto& text : open->corpus.notes) note("corpus \"" + name + "\": " + text);
    return *corpora_.emplace(name, std::move(open)).first->second;
}

const Corpus& ProjectResources::corpus(const std::string& name) { return open_corpus(name).corpus; }

CorpusIndex& ProjectResources::corpus_index(const std::string& name) {
    OpenCorpus& open = open_corpus(name);
    if (open.index) return *open.index;
    const CorpusConfig& c = project_.corpora.at(name);
    IndexParams params;
    params.M = c.index.M;
    params.ef_construction = c.index.ef_construction;
    params.ef_search = c.index.ef_search;
    params.shards = c.index.shards;
    open.index.emplace(CorpusIndex::open_or_build(open.corpus, embedder(c.embedder), params,
                                                  (project_.dir / ".index").string(), name,
                                                  context_));
    if (open.index->status().built) note("corpus \"" + name + "\": " + open.index->status().message);
    return *open.index;
}

}  // namespace cascade
