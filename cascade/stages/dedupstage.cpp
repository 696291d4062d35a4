#include "cascade/stages/dedupstage.h"

#include <map>
#include <memory>
#include <optional>

#include "cascade/core/error.h"
#include "cascade/embed/embedder.h"
#include "cascade/project/specreader.h"
#include "cascade/run/stagecontext.h"
#include "cascade/run/stageresources.h"
#include "cascade/stages/dedupreplay.h"
#include "cascade/stages/scoreformat.h"

namespace cascade {

DedupStage::DedupStage(const StageConfig& config)
    : embedder_(config.spec.value("embedder", "")),
      text_(config, "text"),
      threshold_(config.spec.value("threshold", 0.9)),
      scope_(config.spec.value("scope", "input")) {}

std::string DedupStage::scope_key(const Item& input) const {
    if (scope_ == "parent") return input.parent_key;
    if (scope_ == "run") return {};
    return input.input_id;
}

std::vector<bool> DedupStage::keep(const std::vector<Item>& items, double threshold) {
    return DedupReplay(items).keep(threshold);
}

void DedupStage::run(StageContext& context) {
    const auto& inputs = context.inputs();
    const std::size_t n = inputs.size();
    std::vector<std::string> texts(n);
    std::vector<std::string> problems(n);
    std::vector<std::string> batch;
    std::vector<std::size_t> row(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        try {
            texts[i] = text_.render(context, inputs[i]);
            row[i] = batch.size();
            batch.push_back(texts[i]);
        } catch (const Error& e) {
            problems[i] = std::string("text: ") + e.what();
        }
    }
    std::vector<float> vectors;
    int dims = 0;
    if (!batch.empty()) {
        Embedder& embedder = context.resources().embedder(embedder_);
        dims = embedder.dims();
        vectors.resize(batch.size() * static_cast<std::size_t>(dims));
        embedder.embed(batch, vectors.data(), context.run());
    }
    const auto similarity = [&](std::size_t a, std::size_t b) {
        const float* va = vectors.data() + row[a] * static_cast<std::size_t>(dims);
        const float* vb = vectors.data() + row[b] * static_cast<std::size_t>(dims);
        return ScoreFormat::round4(cosine(va, vb, dims));
    };

    // Each scope lists its items in input order.
    std::map<std::string, std::vector<std::size_t>> scopes;
    std::vector<Item> items;
    items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        items.push_back(context.pass_through(inputs[i]));
        if (problems[i].empty()) scopes[scope_key(inputs[i])].push_back(i);
    }
    for (const auto& [scope, members] : scopes) {
        for (std::size_t p = 0; p < members.size(); ++p) {
            context.run().throw_if_cancelled();
            Json neighbors = Json::array();
            for (std::size_t q = 0; q < p; ++q) {
                const double s = similarity(members[p], members[q]);
                if (s >= kNeighborFloor)
                    neighbors.push_back({{"key", inputs[members[q]].key}, {"similarity", s}});
            }
            items[members[p]].scores = {{"similarity", 0.0},
                                        {"duplicate_of", nullptr},
                                        {"neighbors", std::move(neighbors)}};
        }
    }

    // The run decides through the same replay a threshold sweep uses.
    const std::vector<bool> kept = keep(items, threshold_);
    for (const auto& [scope, members] : scopes) {
        for (std::size_t p = 0; p < members.size(); ++p) {
            const std::size_t i = members[p];
            double best = 0.0;
            std::optional<std::size_t> nearest;
            for (std::size_t q = 0; q < p; ++q) {
                if (!kept[members[q]]) continue;
                const double s = similarity(i, members[q]);
                if (s > best) {
                    best = s;
                    nearest = members[q];
                }
            }
            Item& item = items[i];
            item.scores["similarity"] = best;
            if (nearest) item.scores["duplicate_of"] = inputs[*nearest].key;
            if (!kept[i]) {
                item.status = ItemStatus::Filtered;
                item.reason = "near-duplicate of " + ScoreFormat::quoted(texts[*nearest]) + " (" +
                              inputs[*nearest].key + ") at cosine " + ScoreFormat::fixed(best) +
                              " >= " + ScoreFormat::fixed(threshold_);
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!problems[i].empty()) {
            items[i].status = ItemStatus::Error;
            items[i].reason = problems[i];
        }
        context.emit(std::move(items[i]));
        context.input_done();
    }
}

StageKind DedupStage::kind() {
    StageKind kind;
    kind.name = "dedup";
    kind.description = "filters near-duplicates by embedding cosine, greedily in input order";
    kind.is_gate = true;
    kind.create = [](const StageConfig& config) { return std::make_unique<DedupStage>(config); };
    kind.validate = [](const Project&, const StageConfig& stage, Diagnostics& diags) {
        SpecReader r(stage.spec, "cascade.json", stage.json_path, diags);
        r.warn_unknown_keys(
            {"id", "kind", "from", "description", "embedder", "text", "threshold", "scope"});
        r.string("embedder", true);
        InlineTemplate::validate(r, "text", true);
        r.number("threshold", true, kNeighborFloor, 1.0);
        if (auto scope = r.string("scope");
            scope && *scope != "parent" && *scope != "input" && *scope != "run")
            diags.error("cascade.json", r.path_of("scope"),
                        "expected \"parent\", \"input\" or \"run\", got \"" + *scope + "\"");
    };
    kind.thresholds = {{"threshold", "Cosine threshold", kNeighborFloor, 1.0, 0.01}};
    kind.prepare_sweep = [](const StageConfig&, const std::vector<Item>& items) {
        const auto replay = std::make_shared<const DedupReplay>(items);
        return StageKind::KeptAt(
            [replay](const std::string&, double value) { return replay->keep(value); });
    };
    kind.recompute_kept = one_off_recompute(kind.prepare_sweep);
    return kind;
}

}  // namespace cascade
