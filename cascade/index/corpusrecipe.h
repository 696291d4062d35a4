#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/core/runcontext.h"
#include "cascade/index/corpus.h"

namespace cascade {

// Deterministic generation of a large corpus from small vocabularies, so that a sample project
// commits a few kilobytes of words instead of a 300K-line file. The recipe (JSON):
//
//   {"format": "cascade-corpus-recipe/1",
//    "seed": 7,                  // same seed, same recipe -> the same terms in the same order
//    "target": 300000,           // stop after this many unique terms
//    "optional": 0.5,            // chance that a "?part" is used (default 0.5)
//    "max_attempts": 20,         // give up after target * max_attempts draws (default 20)
//    "lists": {"size": ["16 oz", "32 oz"]},          // lists every group may use
//    "groups": [
//      {"name": "yogurt", "weight": 4,               // share of draws (default 1)
//       "meta": {"department": "dairy"},             // metadata of every term it makes
//       "lists": {"product": ["greek yogurt", "skyr"], "flavor": ["vanilla", "honey"]},
//       "patterns": [{"parts": ["?flavor", "product", "?size"], "weight": 3}]}]}
//
// A draw picks a group and one of its patterns by weight, then one entry from each part's
// list, skipping an optional part with probability 1 - optional; a group's own lists shadow
// the shared ones. The parts are joined with spaces ("vanilla greek yogurt 32 oz"). A draw is
// rejected when one part repeats another as whole words ("frozen" + "frozen peas") or the text
// was made before. Randomness comes from SplitMix64 only, so every platform gives the same
// corpus. If the draws run out first, the corpus is shorter and a note says so.
class CorpusRecipe {
public:
    // Errors name the file and the JSON path of the problem.
    static CorpusRecipe load(const std::string& path);
    static CorpusRecipe parse(const Json& json, const std::string& source);

    Corpus generate(RunContext& ctx) const;

    std::uint64_t seed() const { return seed_; }
    std::size_t target() const { return target_; }
    // How many texts the patterns can spell at most: a check that target is reachable.
    double capacity() const;

private:
    struct Part {
        std::size_t list = 0;  // index into lists_
        bool optional = false;
    };
    struct Pattern {
        std::vector<Part> parts;
        std::uint64_t weight = 1;
    };
    struct Group {
        std::string name;
        std::uint64_t weight = 1;
        Json meta;
        std::vector<Pattern> patterns;
        std::uint64_t pattern_weight = 0;  // sum over patterns
    };

    std::uint64_t seed_ = 0;
    std::size_t target_ = 0;
    double optional_ = 0.5;
    std::size_t max_attempts_ = 20;
    std::vector<std::vector<std::string>> lists_;
    std::vector<Group> groups_;
    std::uint64_t group_weight_ = 0;
};

// Writes tsv_path from the recipe when the TSV is missing or older than the recipe; the
// engine calls it before loading a corpus whose config names a recipe. Returns whether it
// (re)generated the file.
bool ensure_corpus_file(const std::string& recipe_path, const std::string& tsv_path,
                        RunContext& ctx);

}  // namespace cascade
