#include "cascade/stages/retrievestage.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "cascade/core/error.h"
#include "cascade/embed/embedder.h"
#include "cascade/index/corpusindex.h"
#include "cascade/project/specreader.h"
#include "cascade/run/stagecontext.h"
#include "cascade/run/stageresources.h"
#include "cascade/stages/scorecolumn.h"
#include "cascade/stages/scoreformat.h"

namespace cascade {

namespace {

bool is_blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

RetrieveStage::RetrieveStage(const StageConfig& config)
    : corpus_(config.spec.value("corpus", "")),
      query_(config, "query"),
      top_k_(config.spec.value("top_k", 100)) {
    if (config.spec.contains("min_similarity"))
        min_similarity_ = config.spec["min_similarity"].get<double>();
}

bool RetrieveStage::keep(const Item& item, std::optional<double> min_similarity) {
    // With no min_similarity, any hit keeps the child.
    return ScoreColumn::passes(ScoreColumn::number(item, "top_similarity"),
                               min_similarity.value_or(-std::numeric_limits<double>::infinity()));
}

void RetrieveStage::run(StageContext& context) {
    const auto& inputs = context.inputs();
    if (inputs.empty()) return;  // never build an index for nothing

    // Render every query first, so that one batch embeds them all.
    std::vector<std::string> queries(inputs.size());
    std::vector<std::string> problems(inputs.size());
    std::vector<std::string> batch;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        try {
            queries[i] = query_.render(context, inputs[i]);
            if (is_blank(queries[i])) problems[i] = "the query template rendered an empty query";
        } catch (const Error& e) {
            problems[i] = std::string("query: ") + e.what();
        }
        if (problems[i].empty()) batch.push_back(queries[i]);
    }

    const CorpusConfig& corpus = context.project().corpora.at(corpus_);
    std::vector<float> vectors;
    const CorpusIndex* index = nullptr;
    const Corpus* terms = nullptr;
    int dims = 0;
    if (!batch.empty()) {
        index = &context.resources().corpus_index(corpus_);
        terms = &context.resources().corpus(corpus_);
        Embedder& embedder = context.resources().embedder(corpus.embedder);
        dims = embedder.dims();
        if (dims != index->dims())
            throw Error("corpus \"" + corpus_ + "\": the index holds " +
                        std::to_string(index->dims()) +
                        "-dimensional vectors, the embedder gives " + std::to_string(dims));
        vectors.resize(batch.size() * static_cast<std::size_t>(dims));
        embedder.embed(batch, vectors.data(), context.run());
    }

    std::size_t row = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        context.run().throw_if_cancelled();
        if (!problems[i].empty()) {
            Item failed = context.make_child(inputs[i], 0, false, Json{{"query", queries[i]}});
            failed.status = ItemStatus::Error;
            failed.reason = problems[i];
            context.emit(std::move(failed));
            context.input_done();
            continue;
        }
        const float* query = vectors.data() + row++ * static_cast<std::size_t>(dims);
        const auto hits = index->search(query, top_k_, corpus.index.ef_search);
        Json candidates = Json::array();
        for (const auto& hit : hits) {
            const double similarity = ScoreFormat::round4(hit.similarity);
            if (min_similarity_ && similarity < *min_similarity_) break;  // hits are sorted
            candidates.push_back({{"text", terms->terms[hit.term]}, {"similarity", similarity}});
        }
        Item child = context.make_child(inputs[i], 0, false, Json::object());
        child.scores = {
            {"top_similarity",
             hits.empty() ? Json() : Json(ScoreFormat::round4(hits.front().similarity))},
            {"candidates", candidates.size()}};
        child.data = {{"query", queries[i]}, {"candidates", std::move(candidates)}};
        if (!keep(child, min_similarity_)) {
            child.status = ItemStatus::Filtered;
            child.reason = hits.empty() ? "the corpus returned no terms"
                                        : "no corpus term at or above min_similarity " +
                                              ScoreFormat::fixed(*min_similarity_) + " (best " +
                                              ScoreFormat::fixed(hits.front().similarity) + ")";
        }
        context.emit(std::move(child));
        context.input_done();
    }
}

StageKind RetrieveStage::kind() {
    StageKind kind;
    kind.name = "retrieve";
    kind.description = "embeds a query per item and attaches the top_k nearest corpus terms";
    kind.create = [](const StageConfig& config) { return std::make_unique<RetrieveStage>(config); };
    kind.validate = [](const Project&, const StageConfig& stage, Diagnostics& diags) {
        SpecReader r(stage.spec, "cascade.json", stage.json_path, diags);
        r.warn_unknown_keys(
            {"id", "kind", "from", "description", "corpus", "query", "top_k", "min_similarity"});
        r.string("corpus", true);
        InlineTemplate::validate(r, "query", true);
        r.integer("top_k", false, 1);
        r.number("min_similarity", false, 0.0, 1.0);
    };
    kind.thresholds = {{"min_similarity", "Min similarity", 0.0, 1.0, 0.01}};
    kind.prepare_sweep = ScoreColumn::prepare([](const StageConfig&) {
        return [](const Item& item) { return ScoreColumn::number(item, "top_similarity"); };
    });
    kind.recompute_kept = one_off_recompute(kind.prepare_sweep);
    return kind;
}

}  // namespace cascade
