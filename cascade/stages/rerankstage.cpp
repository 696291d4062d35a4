#include "cascade/stages/rerankstage.h"

#include <map>

#include "cascade/core/error.h"
#include "cascade/embed/embedder.h"
#include "cascade/llm/llmclient.h"
#include "cascade/project/specreader.h"
#include "cascade/run/stagecontext.h"
#include "cascade/run/stageresources.h"
#include "cascade/stages/scorecolumn.h"
#include "cascade/stages/scoreformat.h"

namespace cascade {

RerankStage::RerankStage(const StageConfig& config)
    : query_(config, "query"),
      text_(config, "text"),
      threshold_(config.spec.value("threshold", 0.5)),
      embedder_(config.spec.value("embedder", "")) {
    if (config.spec.contains("endpoint")) endpoint_.emplace(config.spec["endpoint"]);
}

bool RerankStage::keep(const Item& item, double threshold) {
    return ScoreColumn::passes(ScoreColumn::number(item, "relevance"), threshold);
}

void RerankStage::score_with_endpoint(StageContext& context,
                                      const std::vector<std::string>& queries,
                                      const std::vector<std::string>& texts,
                                      std::vector<std::string>& problems,
                                      std::vector<std::optional<double>>& relevance) const {
    // One request per distinct query: a cross-encoder scores a query against many documents.
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < queries.size(); ++i)
        if (problems[i].empty()) groups[queries[i]].push_back(i);
    HttpMulti& http = context.llm().http();
    const std::string lane = "rerank:" + context.config().id;
    for (const auto& group : groups) {
        const std::vector<std::size_t>& members = group.second;
        std::vector<std::string> documents;
        for (const std::size_t i : members) documents.push_back(texts[i]);
        endpoint_->submit(http, lane, group.first, documents,
                          [&problems, &relevance, &members](RerankEndpoint::Result result) {
                              for (std::size_t k = 0; k < members.size(); ++k) {
                                  if (result.ok)
                                      relevance[members[k]] = result.scores[k];
                                  else if (!result.cancelled)
                                      problems[members[k]] = result.error;
                              }
                          });
    }
    http.run(context.run());
}

void RerankStage::score_with_embedder(StageContext& context,
                                      const std::vector<std::string>& queries,
                                      const std::vector<std::string>& texts,
                                      const std::vector<std::string>& problems,
                                      std::vector<std::optional<double>>& relevance) const {
    context.note("bi-encoder fallback: no rerank endpoint configured, scored with embedder cosine");
    std::vector<std::string> batch;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        if (!problems[i].empty()) continue;
        batch.push_back(queries[i]);
        batch.push_back(texts[i]);
    }
    if (batch.empty()) return;
    Embedder& embedder = context.resources().embedder(embedder_);
    const auto dims = static_cast<std::size_t>(embedder.dims());
    std::vector<float> vectors(batch.size() * dims);
    embedder.embed(batch, vectors.data(), context.run());
    std::size_t pair = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        if (!problems[i].empty()) continue;
        const float* query = vectors.data() + (2 * pair) * dims;
        relevance[i] = cosine(query, query + dims, static_cast<int>(dims));
        ++pair;
    }
}

void RerankStage::run(StageContext& context) {
    const auto& inputs = context.inputs();
    const std::size_t n = inputs.size();
    if (n == 0) return;
    std::vector<std::string> queries(n), texts(n), problems(n);
    for (std::size_t i = 0; i < n; ++i) {
        try {
            queries[i] = query_.render(context, inputs[i]);
            texts[i] = text_.render(context, inputs[i]);
        } catch (const Error& e) {
            problems[i] = e.what();
        }
    }
    std::vector<std::optional<double>> relevance(n);
    if (endpoint_)
        score_with_endpoint(context, queries, texts, problems, relevance);
    else
        score_with_embedder(context, queries, texts, problems, relevance);

    const char* method = endpoint_ ? "cross-encoder" : "bi-encoder";
    for (std::size_t i = 0; i < n; ++i) {
        if (problems[i].empty() && !relevance[i]) continue;  // cancelled before it was scored
        Item item = context.pass_through(inputs[i]);
        if (!problems[i].empty()) {
            item.status = ItemStatus::Error;
            item.reason = problems[i];
        } else {
            const double score = ScoreFormat::round4(*relevance[i]);
            item.scores = {{"relevance", score}, {"method", method}};
            if (!keep(item, threshold_)) {
                item.status = ItemStatus::Filtered;
                item.reason = "relevance " + ScoreFormat::fixed(score) + " < " +
                              ScoreFormat::fixed(threshold_) + " to " +
                              ScoreFormat::quoted(queries[i]);
            }
        }
        context.emit(std::move(item));
        context.input_done();
    }
}

StageKind RerankStage::kind() {
    StageKind kind;
    kind.name = "rerank";
    kind.description = "cross-encoder relevance gate (/v1/rerank), bi-encoder cosine fallback";
    kind.is_gate = true;
    kind.create = [](const StageConfig& config) { return std::make_unique<RerankStage>(config); };
    kind.validate = [](const Project&, const StageConfig& stage, Diagnostics& diags) {
        SpecReader r(stage.spec, "cascade.json", stage.json_path, diags);
        r.warn_unknown_keys({"id", "kind", "from", "description", "query", "text", "threshold",
                             "endpoint", "embedder"});
        InlineTemplate::validate(r, "query", true);
        InlineTemplate::validate(r, "text", true);
        r.number("threshold", true, 0.0, 1.0);
        const Json* endpoint = r.object("endpoint");
        if (endpoint) {
            SpecReader e(*endpoint, "cascade.json", r.path_of("endpoint"), diags);
            RerankEndpoint::validate(e);
        }
        if (!r.string("embedder") && !endpoint)
            diags.error("cascade.json", stage.json_path,
                        "a rerank stage needs an \"endpoint\", or an \"embedder\" for the "
                        "bi-encoder fallback");
    };
    kind.thresholds = {{"threshold", "Relevance threshold", 0.0, 1.0, 0.01}};
    kind.prepare_sweep = ScoreColumn::prepare([](const StageConfig&) {
        return [](const Item& item) { return ScoreColumn::number(item, "relevance"); };
    });
    kind.recompute_kept = one_off_recompute(kind.prepare_sweep);
    return kind;
}

}  // namespace cascade
