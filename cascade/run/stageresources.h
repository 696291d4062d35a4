#pragma once

#include <string>

namespace cascade {

class Embedder;
class CorpusIndex;
struct Corpus;

// Embedders and corpus indexes a stage may ask for by the names cascade.json gives them.
// Opened lazily and shared by the stages of a run; building an index reports progress.
class StageResources {
public:
    virtual ~StageResources() = default;
    virtual Embedder& embedder(const std::string& name) = 0;
    virtual CorpusIndex& corpus_index(const std::string& name) = 0;
    virtual const Corpus& corpus(const std::string& name) = 0;
};

}  // namespace cascade
