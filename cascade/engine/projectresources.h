#pragma once

#include <map>
#include <memory>
#include <string>

#include "cascade/core/eventsink.h"
#include "cascade/core/runcontext.h"
#include "cascade/project/project.h"
#include "cascade/run/stageresources.h"

namespace cascade {

class RunStore;
class HttpMulti;
class EmbeddingCache;

// Opens a project's embedders and corpus indexes on first use and keeps them for the run.
// Corpora named by a recipe are generated first; indexes live in <project>/.index/.
class ProjectResources : public StageResources {
public:
    ProjectResources(const Project& project, RunContext& context, EventSink* sink = nullptr);
    ~ProjectResources() override;

    Embedder& embedder(const std::string& name) override;
    CorpusIndex& corpus_index(const std::string& name) override;
    const Corpus& corpus(const std::string& name) override;

    // The HTTP loop remote embedders share with the run's LLM calls; without one they get
    // their own.
    void set_http(HttpMulti* http) { http_ = http; }
    // Where remote embedders cache vectors (embedding_cache); without a store they cache none.
    void set_store(RunStore* store) { store_ = store; }
    // Offline runs serve remote embeddings only from the cache.
    void set_offline(bool offline) { offline_ = offline; }

private:
    struct OpenCorpus;
    OpenCorpus& open_corpus(const std::string& name);
    void note(const std::string& message);

    const Project& project_;
    RunContext& context_;
    EventSink* sink_;
    HttpMulti* http_ = nullptr;
    RunStore* store_ = nullptr;
    bool offline_ = false;
    std::unique_ptr<HttpMulti> own_http_;
    std::unique_ptr<EmbeddingCache> embedding_cache_;
    std::map<std::string, std::unique_ptr<Embedder>> embedders_;
    std::map<std::string, std::unique_ptr<OpenCorpus>> corpora_;
};

}  // namespace cascade
