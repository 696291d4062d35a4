#include "cascade/stages/rerankstage.h"

#include <map>

#include "cascade/core/error.h"
#include "cascade/cost/tokenestimator.h"
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

namespace {

// A rerank request as a call record: what was sent, what came back, its tokens and price.
LlmCall rerank_call(const RerankEndpoint& endpoint, const Json& body, std::string cache_key,
                    const RerankEndpoint::Result& result) {
    LlmCall call;
    call.ok = result.ok;
    call.cancelled = result.cancelled;
    call.request_body = body;
    call.request_text = body.dump();
    call.cache_key = std::move(cache_key);
    call.response_body = result.body;
    call.text = result.body;
    call.error = result.error;
    call.http_status = result.http_status;
    call.attempts = result.attempts;
    call.latency_ms = result.latency_ms;
    call.tokens_in = RerankEndpoint::reply_tokens(result.body);
    if (call.tokens_in == 0 && endpoint.priced_per_token()) {
        // Billed per token but not told how many: estimate them from what was sent.
        call.tokens_in = TokenEstimator::count(body.value("query", ""));
        for (const auto& document : body["documents"])
            call.tokens_in += TokenEstimator::count(document.get<std::string>());
    }
    return call;
}

}  // namespace

void RerankStage::score_with_endpoint(StageContext& context,
                                      const std::vector<std::string>& queries,
                                      const std::vector<std::string>& texts,
                                      std::vector<std::string>& problems,
                                      std::vector<std::optional<double>>& relevance,
                                      std::vector<std::int64_t>& call_ids) const {
    // One request per distinct query: a cross-encoder scores a query against many documents.
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < queries.size(); ++i)
        if (problems[i].empty()) groups[queries[i]].push_back(i);
    LlmClient& llm = context.llm();
    ResponseCache* cache = llm.cache();
    const std::string lane = "rerank:" + context.config().id;
    const std::string alias = endpoint_->cache_model().name;
    const auto finish = [&](const std::vector<std::size_t>& members, LlmCall call,
                            const RerankEndpoint::Result& result) {
        if (result.cancelled) return;
        const std::size_t documents = members.size();
        if (call.cache_hit)
            call.saved_cost = endpoint_->cost(documents, call.tokens_in);
        else if (!call.response_body.empty())
            call.cost = endpoint_->cost(documents, call.tokens_in);
        const auto id =
            context.record_call(std::move(call), context.inputs()[members[0]].key, alias, 0);
        for (std::size_t k = 0; k < members.size(); ++k) {
            call_ids[members[k]] = id;
            if (result.ok)
                relevance[members[k]] = result.scores[k];
            else
                problems[members[k]] = result.error;
        }
    };
    for (const auto& group : groups) {
        const std::vector<std::size_t>& members = group.second;
        std::vector<std::string> documents;
        for (const std::size_t i : members) documents.push_back(texts[i]);
        const Json body = endpoint_->request_body(group.first, documents);
        std::string key = endpoint_->cache_key(body);
        if (const auto hit = cache ? cache->lookup(key) : std::nullopt) {
            auto result = RerankEndpoint::parse(hit->response_body, documents.size());
            result.body = hit->response_body;
            if (!result.ok) cache->reject(key, result.error);
            LlmCall call = rerank_call(*endpoint_, body, key, result);
            call.cache_hit = true;
            call.source = hit->source;
            finish(members, std::move(call), result);
            continue;
        }
        if (llm.options().offline) {
            RerankEndpoint::Result missing;
            missing.error = "offline: no recorded reply for the rerank endpoint " +
                            endpoint_->url() +
                            (endpoint_->model().empty() ? "" : " (" + endpoint_->model() + ")");
            finish(members, rerank_call(*endpoint_, body, key, missing), missing);
            continue;
        }
        endpoint_->submit(llm.http(), lane, body,
                          [&, members, body, key](RerankEndpoint::Result result) {
                              LlmCall call = rerank_call(*endpoint_, body, key, result);
                              // Only a reply that gave every document a score is cached: a rejected
                              // one is kept with its call, and the next run asks again.
                              if (result.ok && cache)
                                  cache->store(key, endpoint_->cache_model(), call.request_text,
                                               CachedResponse{result.body, "", call.tokens_in, 0});
                              finish(members, std::move(call), result);
                          });
    }
    llm.http().run(context.run());
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
    std::vector<std::int64_t> call_ids(n, 0);
    if (endpoint_)
        score_with_endpoint(context, queries, texts, problems, relevance, call_ids);
    else
        score_with_embedder(context, queries, texts, problems, relevance);

    const char* method = endpoint_ ? "cross-encoder" : "bi-encoder";
    for (std::size_t i = 0; i < n; ++i) {
        if (problems[i].empty() && !relevance[i]) continue;  // cancelled before it was scored
        Item item = context.pass_through(inputs[i]);
        if (call_ids[i] > 0) item.call_id = call_ids[i];
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
