#include "cascade/index/corpusrecipe.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string_view>
#include <unordered_set>

#include "cascade/core/error.h"
#include "cascade/index/splitmix64.h"

namespace cascade {

namespace {

constexpr const char* kFormat = "cascade-corpus-recipe/1";

std::uint64_t read_uint(const Json& json, const char* key, std::uint64_t fallback,
                        const std::string& where) {
    if (!json.contains(key)) return fallback;
    const Json& v = json.at(key);
    // Parsed JSON stores 7 as unsigned, but a Json built in code stores it as signed.
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
        throw Error(where + "/" + key + ": expected a whole number >= 0");
    return v.get<std::uint64_t>();
}

std::vector<std::string> read_words(const Json& json, const std::string& where) {
    if (!json.is_array() || json.empty())
        throw Error(where + ": expected a non-empty array of strings");
    std::vector<std::string> words;
    for (std::size_t i = 0; i < json.size(); ++i) {
        if (!json[i].is_string() || json[i].get<std::string>().empty())
            throw Error(where + "/" + std::to_string(i) + ": expected a non-empty string");
        words.push_back(json[i].get<std::string>());
    }
    return words;
}

// True when `needle` occurs in `hay` as whole words.
bool contains_words(std::string_view hay, std::string_view needle) {
    for (auto pos = hay.find(needle); pos != std::string_view::npos;
         pos = hay.find(needle, pos + 1)) {
        const bool starts = pos == 0 || hay[pos - 1] == ' ';
        const bool ends = pos + needle.size() == hay.size() || hay[pos + needle.size()] == ' ';
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

CorpusRecipe CorpusRecipe::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("corpus recipe not found: " + path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse(parse_json(text, path), path);
}

CorpusRecipe CorpusRecipe::parse(const Json& json, const std::string& source) {
    if (!json.is_object() || json.value("format", "") != kFormat)
        throw Error(source + ": expected \"format\": \"" + kFormat + "\"");
    CorpusRecipe recipe;
    recipe.seed_ = read_uint(json, "seed", 0, source);
    recipe.target_ = read_uint(json, "target", 0, source);
    recipe.max_attempts_ = read_uint(json, "max_attempts", 20, source);
    if (json.contains("optional")) {
        const Json& v = json.at("optional");
        if (!v.is_number() || v.get<double>() < 0.0 || v.get<double>() > 1.0)
            throw Error(source + "/optional: expected a number from 0 to 1");
        recipe.optional_ = v.get<double>();
    }

    std::map<std::string, std::size_t> shared;
    if (json.contains("lists")) {
        if (!json.at("lists").is_object()) throw Error(source + "/lists: expected an object");
        for (const auto& [name, words] : json.at("lists").items()) {
            shared[name] = recipe.lists_.size();
            recipe.lists_.push_back(read_words(words, source + "/lists/" + name));
        }
    }

    const Json* groups = json.contains("groups") ? &json.at("groups") : nullptr;
    if (!groups || !groups->is_array() || groups->empty())
        throw Error(source + "/groups: expected a non-empty array");
    for (std::size_t g = 0; g < groups->size(); ++g) {
        const Json& gj = (*groups)[g];
        const std::string where = source + "/groups/" + std::to_string(g);
        if (!gj.is_object()) throw Error(where + ": expected an object");
        Group group;
        group.name = gj.value("name", "group " + std::to_string(g));
        group.weight = read_uint(gj, "weight", 1, where);
        if (gj.contains("meta")) group.meta = gj.at("meta");
        std::map<std::string, std::size_t> names = shared;
        if (gj.contains("lists")) {
            if (!gj.at("lists").is_object()) throw Error(where + "/lists: expected an object");
            for (const auto& [name, words] : gj.at("lists").items()) {
                names[name] = recipe.lists_.size();
                recipe.lists_.push_back(read_words(words, where + "/lists/" + name));
            }
        }
        if (!gj.contains("patterns") || !gj.at("patterns").is_array() || gj.at("patterns").empty())
            throw Error(where + "/patterns: expected a non-empty array");
        const Json& patterns = gj.at("patterns");
        for (std::size_t p = 0; p < patterns.size(); ++p) {
            const std::string pwhere = where + "/patterns/" + std::to_string(p);
            Pattern pattern;
            pattern.weight = read_uint(patterns[p], "weight", 1, pwhere);
            for (const auto& name :
                 read_words(patterns[p].value("parts", Json()), pwhere + "/parts")) {
                Part part;
                part.optional = name.front() == '?';
                const std::string list = part.optional ? name.substr(1) : name;
                const auto it = names.find(list);
                if (it == names.end())
                    throw Error(pwhere + "/parts: unknown list '" + list + "' in group '" +
                                group.name + "'");
                part.list = it->second;
                pattern.parts.push_back(part);
            }
            group.pattern_weight += pattern.weight;
            group.patterns.push_back(std::move(pattern));
        }
        if (group.pattern_weight == 0) throw Error(where + "/patterns: all weights are 0");
        recipe.group_weight_ += group.weight;
        recipe.groups_.push_back(std::move(group));
    }
    if (recipe.group_weight_ == 0) throw Error(source + "/groups: all weights are 0");
    return recipe;
}

double CorpusRecipe::capacity() const {
    double total = 0.0;
    for (const auto& group : groups_) {
        if (group.weight == 0) continue;
        for (const auto& pattern : group.patterns) {
            if (pattern.weight == 0) continue;
            double product = 1.0;
            for (const auto& part : pattern.parts)
                product *= static_cast<double>(lists_[part.list].size() + (part.optional ? 1 : 0));
            total += product;
        }
    }
    return total;
}

Corpus CorpusRecipe::generate(RunContext& ctx) const {
    Corpus corpus;
    corpus.terms.reserve(target_);  // never reallocates: `seen` views point into the terms
    std::unordered_set<std::string_view> seen;
    seen.reserve(target_ * 2);
    bool has_meta = false;
    for (const auto& group : groups_) has_meta = has_meta || !group.meta.is_null();
    if (has_meta) corpus.metadata.reserve(target_);

    SplitMix64 rng(seed_);
    std::vector<std::string_view> chosen;
    std::string text;
    const std::size_t max_draws = target_ * max_attempts_;
    std::size_t draws = 0;
    while (corpus.terms.size() < target_ && draws < max_draws) {
        if (++draws % 4096 == 0) ctx.throw_if_cancelled();

        std::uint64_t pick = rng.below(group_weight_);
        std::size_t g = 0;
        while (pick >= groups_[g].weight) pick -= groups_[g++].weight;
        const Group& group = groups_[g];
        pick = rng.below(group.pattern_weight);
        std::size_t p = 0;
        while (pick >= group.patterns[p].weight) pick -= group.patterns[p++].weight;

        chosen.clear();
        for (const auto& part : group.patterns[p].parts) {
            if (part.optional && rng.unit() >= optional_) continue;
            const auto& list = lists_[part.list];
            chosen.push_back(list[rng.below(list.size())]);
        }
        bool overlap = chosen.empty();
        for (std::size_t a = 0; a < chosen.size() && !overlap; ++a)
            for (std::size_t b = 0; b < chosen.size() && !overlap; ++b)
                overlap = a != b && contains_words(chosen[a], chosen[b]);
        if (overlap) continue;

        text.clear();
        for (const auto& word : chosen) {
            if (!text.empty()) text += ' ';
            text += word;
        }
        if (seen.contains(text)) continue;
        corpus.terms.push_back(text);
        seen.insert(corpus.terms.back());
        if (has_meta) corpus.metadata.push_back(group.meta);
    }
    if (corpus.terms.size() < target_)
        corpus.notes.push_back("the recipe gave " + std::to_string(corpus.terms.size()) +
                               " unique terms in " + std::to_string(draws) +
                               " draws, short of its target of " + std::to_string(target_));
    return corpus;
}

bool ensure_corpus_file(const std::string& recipe_path, const std::string& tsv_path,
                        RunContext& ctx) {
    namespace fs = std::filesystem;
    std::error_code error;
    const auto recipe_time = fs::last_write_time(recipe_path, error);
    if (error) throw Error("corpus recipe not found: " + recipe_path);
    const auto tsv_time = fs::last_write_time(tsv_path, error);
    if (!error && tsv_time >= recipe_time) return false;
    const Corpus corpus = CorpusRecipe::load(recipe_path).generate(ctx);
    const fs::path parent = fs::path(tsv_path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, error);
    corpus.write_tsv(tsv_path);
    return true;
}

}  // namespace cascade
