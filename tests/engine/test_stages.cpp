// The stage kinds on hand-made items: a StageContext wired to vectors, a real hashing embedder,
// a corpus index built in memory, and fake judge and rerank servers on 127.0.0.1.
#include <QTemporaryDir>
#include <QtTest>
// Qt's `emit` keyword macro would swallow StageContext::Hooks::emit below.
#undef emit

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "cascade/embed/hashingembedder.h"
#include "cascade/engine/engine.h"
#include "cascade/index/corpusindex.h"
#include "cascade/llm/llmclient.h"
#include "cascade/run/stagecontext.h"
#include "cascade/run/stageresources.h"
#include "cascade/stages/policyrule.h"
#include "cascade/stages/rerankendpoint.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

// Embedders and corpora by name, as ProjectResources would open them.
class TestResources : public StageResources {
public:
    TestResources() { embedders_["local"] = std::make_unique<HashingEmbedder>(256); }

    void add_corpus(const std::string& name, std::vector<std::string> terms, RunContext& ctx) {
        Corpus corpus;
        corpus.terms = std::move(terms);
        IndexParams params;
        params.shards = 1;
        corpora_[name] = corpus;
        indexes_.emplace(name,
                         CorpusIndex::build(corpora_[name], *embedders_["local"], params, ctx));
    }

    Embedder& embedder(const std::string& name) override { return *embedders_.at(name); }
    CorpusIndex& corpus_index(const std::string& name) override { return indexes_.at(name); }
    const Corpus& corpus(const std::string& name) override { return corpora_.at(name); }

private:
    std::map<std::string, std::unique_ptr<Embedder>> embedders_;
    std::map<std::string, Corpus> corpora_;
    std::map<std::string, CorpusIndex> indexes_;
};

Item make_item(const std::string& key, Json data, const std::string& input = "u1",
               const std::string& parent = {}) {
    Item item;
    item.stage = "prev";
    item.key = key;
    item.input_id = input;
    item.parent_stage = parent.empty() ? "input" : "themes";
    item.parent_key = parent.empty() ? input : parent;
    item.data = std::move(data);
    return item;
}

std::vector<Item> titled(const std::vector<std::pair<std::string, std::string>>& rows,
                         const std::string& input = "u1") {
    std::vector<Item> items;
    for (const auto& [key, title] : rows)
        items.push_back(make_item(key, {{"title", title}}, input));
    return items;
}

// One stage of one kind, run on hand-made inputs with hooks that capture what it emits.
struct StageRun {
    Engine engine;  // its registry holds the built-in kinds
    Project project;
    StageConfig config;
    std::map<std::string, Item> ancestors;  // by key, for template contexts
    std::vector<Item> emitted;
    std::vector<RunIssue> issues;
    std::vector<CallRecord> calls;
    Json notes;
    RunContext context;

    StageRun(const std::string& kind, Json spec) {
        spec["id"] = "gate";
        spec["kind"] = kind;
        config.id = "gate";
        config.kind = kind;
        config.spec = std::move(spec);
        config.json_path = "/stages/0";
        EmbedderConfig local;
        local.name = "local";
        project.embedders["local"] = local;
    }

    const StageKind& kind() const { return *engine.registry().find(config.kind); }

    std::vector<Item> run(std::vector<Item> inputs, StageResources* resources = nullptr,
                          LlmClient* llm = nullptr) {
        emitted.clear();
        issues.clear();
        StageContext::Hooks hooks;
        hooks.emit = [this](Item&& item) { emitted.push_back(std::move(item)); };
        hooks.record_call = [this](const CallRecord& call) {
            calls.push_back(call);
            return static_cast<std::int64_t>(calls.size());
        };
        hooks.issue = [this](const RunIssue& issue) { issues.push_back(issue); };
        hooks.find_item = [this](const std::string&, const std::string& key) -> const Item* {
            const auto it = ancestors.find(key);
            return it == ancestors.end() ? nullptr : &it->second;
        };
        StageContext stage(project, config, std::move(inputs), context, hooks);
        stage.set_run_id(1);
        stage.set_resources(resources);
        stage.set_llm(llm);
        kind().create(config)->run(stage);
        notes = stage.notes();
        return emitted;
    }

    std::vector<bool> recompute(const std::vector<Item>& items, const std::string& param,
                                double value) const {
        return kind().recompute_kept(config, items, param, value);
    }

    // The decision a threshold sweep prepares once and calls per point.
    StageKind::KeptAt prepare(const std::vector<Item>& items) const {
        return kind().prepare_sweep(config, items);
    }

    Diagnostics validate() const {
        Diagnostics diags;
        kind().validate(project, config, diags);
        return diags;
    }
};

std::vector<bool> kept_of(const std::vector<Item>& items) {
    std::vector<bool> kept;
    for (const auto& item : items) kept.push_back(item.status == ItemStatus::Kept);
    return kept;
}

double rounded_cosine(const std::string& a, const std::string& b) {
    HashingEmbedder embedder(256);
    RunContext ctx;
    const auto va = embedder.embed_one(a, ctx);
    const auto vb = embedder.embed_one(b, ctx);
    return std::round(cosine(va.data(), vb.data(), 256) * 1e4) / 1e4;
}

// The greedy pass written out plainly over the full cosine matrix: the oracle for dedup.
std::vector<bool> naive_greedy(const std::vector<std::string>& texts, double threshold) {
    std::vector<bool> kept;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        bool keep = true;
        for (std::size_t j = 0; j < i && keep; ++j)
            keep = !(kept[j] && rounded_cosine(texts[i], texts[j]) >= threshold);
        kept.push_back(keep);
    }
    return kept;
}

// The rendered prompt, also in a repair request (which appends the rejection after it).
std::string first_user_message(const FakeRequest& request) {
    for (const Json& message : request.json->at("messages"))
        if (message["role"] == "user") return message["content"].get<std::string>();
    return {};
}

ModelConfig judge_model(const std::string& base_url) {
    ModelConfig model;
    model.name = "judge";
    model.base_url = base_url;
    model.model = "judge-model";
    model.max_retries = 0;
    return model;
}

}  // namespace

class TestStages : public QObject {
    Q_OBJECT

private slots:
    void builtinKindsAreRegistered() {
        Engine engine;
        for (const char* name : {"generate", "retrieve", "dedup", "judge", "rerank", "rules"})
            QVERIFY2(engine.registry().find(name), name);
        QVERIFY(engine.registry().find("dedup")->is_gate);
        QVERIFY(!engine.registry().find("retrieve")->is_gate);
        QCOMPARE(engine.registry().find("dedup")->thresholds.front().min, 0.5);
        QCOMPARE(engine.registry().find("judge")->thresholds.front().param,
                 std::string("min_score"));
        QVERIFY(engine.registry().find("rules")->thresholds.empty());
    }

    // ---- dedup ----

    void dedupFiltersNearDuplicateAndSaysOfWhat() {
        StageRun run("dedup", {{"embedder", "local"}, {"text", "{{title}}"}, {"threshold", 0.8}});
        TestResources resources;
        const auto out = run.run(titled({{"u1/t/0", "Weeknight flavor builders"},
                                         {"u1/t/1", "Weeknight flavor builder"},
                                         {"u1/t/2", "Summer grilling"},
                                         {"u1/t/3", "Weeknight flavour builders"}}),
                                 &resources);
        QCOMPARE(out.size(), std::size_t(4));
        QCOMPARE(kept_of(out), (std::vector<bool>{true, false, true, true}));
        const double cos = rounded_cosine("Weeknight flavor builders", "Weeknight flavor builder");
        QVERIFY(cos >= 0.8);
        const Item& dup = out[1];
        QCOMPARE(dup.stage, std::string("gate"));
        QCOMPARE(dup.parent_key, std::string("u1/t/1"));
        QCOMPARE(dup.reason, "near-duplicate of \"Weeknight flavor builders\" (u1/t/0) at cosine " +
                                 QString::number(cos, 'f', 2).toStdString() + " >= 0.80");
        QCOMPARE(dup.scores["similarity"].get<double>(), cos);
        QCOMPARE(dup.scores["duplicate_of"].get<std::string>(), std::string("u1/t/0"));
        QCOMPARE(dup.scores["neighbors"].size(), std::size_t(1));
        QCOMPARE(dup.scores["neighbors"][0]["key"].get<std::string>(), std::string("u1/t/0"));
        // The first item has nothing before it.
        QCOMPARE(out[0].scores["similarity"].get<double>(), 0.0);
        QVERIFY(out[0].scores["duplicate_of"].is_null());
        QVERIFY(out[0].scores["neighbors"].empty());
        // The last one is compared with kept items only, but lists the filtered one too.
        const Json& neighbors = out[3].scores["neighbors"];
        QCOMPARE(neighbors.size(), std::size_t(2));
        QCOMPARE(neighbors[0]["key"].get<std::string>(), std::string("u1/t/0"));
        QCOMPARE(neighbors[1]["key"].get<std::string>(), std::string("u1/t/1"));
        QCOMPARE(out[3].scores["duplicate_of"].get<std::string>(), std::string("u1/t/0"));
        QVERIFY(out[3].scores["similarity"].get<double>() < 0.8);
        QVERIFY(out[0].reason.empty());
    }

    void dedupScopes() {
        auto items = titled({{"u1/t/0", "Pantry staples"}, {"u1/t/1", "Summer grilling"}}, "u1");
        items.push_back(make_item("u2/t/0", {{"title", "Pantry staples"}}, "u2"));
        items.push_back(make_item("u2/t/1", {{"title", "Pantry staples"}}, "u2", "u2/themes/1"));
        TestResources resources;
        Json spec = {{"embedder", "local"}, {"text", "{{title}}"}, {"threshold", 0.9}};
        StageRun by_input("dedup", spec);
        QCOMPARE(kept_of(by_input.run(items, &resources)),
                 (std::vector<bool>{true, true, true, false}));
        spec["scope"] = "run";
        StageRun whole_run("dedup", spec);
        QCOMPARE(kept_of(whole_run.run(items, &resources)),
                 (std::vector<bool>{true, true, false, false}));
        spec["scope"] = "parent";
        StageRun by_parent("dedup", spec);
        QCOMPARE(kept_of(by_parent.run(items, &resources)),
                 (std::vector<bool>{true, true, true, true}));
    }

    void dedupRecomputeReplaysTheGreedyPassAtEveryThreshold() {
        const std::vector<std::string> texts = {"Weeknight flavor builders",
                                                "Weeknight flavor builder",
                                                "Weeknight flavour builders",
                                                "Summer grilling",
                                                "Summer grilling essentials",
                                                "Grilling for summer",
                                                "Pantry staples",
                                                "Pantry staple basics",
                                                "Pantry staples!",
                                                "Quick weeknight dinners",
                                                "Weeknight dinners, quick",
                                                "Summer grilling kit"};
        std::vector<Item> items;
        for (std::size_t i = 0; i < texts.size(); ++i)
            items.push_back(make_item("u1/t/" + std::to_string(i), {{"title", texts[i]}}));
        TestResources resources;
        StageRun stored("dedup",
                        {{"embedder", "local"}, {"text", "{{title}}"}, {"threshold", 0.9}});
        const auto run_at_090 = stored.run(items, &resources);
        // Prepared once and reused, as a sweep does; also over the items in reverse order,
        // where deciding an item first decides the earlier neighbours it depends on.
        const auto prepared = stored.prepare(run_at_090);
        const auto prepared_reversed =
            stored.prepare(std::vector<Item>(run_at_090.rbegin(), run_at_090.rend()));
        const auto reversed = [](std::vector<bool> kept) {
            std::reverse(kept.begin(), kept.end());
            return kept;
        };
        int thresholds_with_filtering = 0;
        for (const double t : {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0}) {
            StageRun rerun("dedup",
                           {{"embedder", "local"}, {"text", "{{title}}"}, {"threshold", t}});
            const auto decided = kept_of(rerun.run(items, &resources));
            QCOMPARE(decided, naive_greedy(texts, t));
            QCOMPARE(stored.recompute(run_at_090, "threshold", t), decided);
            QCOMPARE(prepared("threshold", t), decided);
            QCOMPARE(reversed(prepared_reversed("threshold", t)), decided);
            thresholds_with_filtering += std::count(decided.begin(), decided.end(), false) > 0;
        }
        QVERIFY(thresholds_with_filtering >= 5);
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> any(0.5, 1.0);
        for (int i = 0; i < 20; ++i) {
            const double t = any(rng);
            QCOMPARE(prepared("threshold", t), naive_greedy(texts, t));
            QCOMPARE(stored.recompute(run_at_090, "threshold", t), prepared("threshold", t));
        }
    }

    void dedupTemplateErrorIsAnErrorItem() {
        StageRun run("dedup", {{"embedder", "local"}, {"text", "{{name}}"}, {"threshold", 0.9}});
        TestResources resources;
        const auto out = run.run(titled({{"u1/t/0", "x"}}), &resources);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(out[0].status, ItemStatus::Error);
        QVERIFY(out[0].reason.find("name") != std::string::npos);
        QCOMPARE(run.issues.size(), std::size_t(1));
    }

    void dedupValidation() {
        StageRun low("dedup", {{"embedder", "local"}, {"text", "{{title}}"}, {"threshold", 0.4}});
        QVERIFY(low.validate().has_errors());
        StageRun scope(
            "dedup",
            {{"embedder", "local"}, {"text", "{{title}}"}, {"threshold", 0.9}, {"scope", "page"}});
        QVERIFY(scope.validate().format_errors().find("\"page\"") != std::string::npos);
        StageRun bad("dedup", {{"embedder", "local"}, {"text", "{{#title}"}, {"threshold", 0.9}});
        QVERIFY(bad.validate().has_errors());
        StageRun good("dedup", {{"embedder", "local"}, {"text", "{{title}}"}, {"threshold", 0.9}});
        QVERIFY(good.validate().all().empty());
    }

    // ---- judge ----

    void judgeKeepsByScoreWithRationale() {
        FakeHttpServer server([](const FakeRequest& request) {
            const std::string prompt = first_user_message(request);
            if (prompt.find("Broken") != std::string::npos)
                return FakeReply::json(openai_chat_reply("I refuse to answer in JSON", 10, 5));
            const bool good = prompt.find("Good") != std::string::npos;
            const Json reply = {{"score", good ? 4 : 2},
                                {"rationale", good ? "Fits the shopper." : "Too generic."}};
            return FakeReply::json(openai_chat_reply(reply.dump(), 10, 5));
        });
        StageRun run("judge",
                     {{"model", "judge"}, {"prompt", "prompts/judge.md"}, {"min_score", 3}});
        run.project.models["judge"] = judge_model(server.base_url());
        run.config.files["prompt"] = "Judge: {{title}}";
        LlmClient llm({}, nullptr);
        const auto out = run.run(titled({{"u1/t/0", "Good theme"},
                                         {"u1/t/1", "Bad theme"},
                                         {"u1/t/2", "Broken theme"},
                                         {"u1/t/3", "Good again"}}),
                                 nullptr, &llm);
        QCOMPARE(out.size(), std::size_t(4));
        for (std::size_t i = 0; i < out.size(); ++i)  // input order, whatever finished first
            QCOMPARE(out[i].key, "u1/t/" + std::to_string(i));
        QCOMPARE(out[0].status, ItemStatus::Kept);
        QCOMPARE(out[0].scores["score"].get<double>(), 4.0);
        QCOMPARE(out[0].scores["rationale"].get<std::string>(), std::string("Fits the shopper."));
        QCOMPARE(out[1].status, ItemStatus::Filtered);
        QCOMPARE(out[1].reason, std::string("judge score 2 < 3: Too generic."));
        QVERIFY(out[1].call_id.has_value());
        QCOMPARE(run.calls.at(*out[1].call_id - 1).item_key, std::string("u1/t/1"));
        QCOMPARE(out[2].status, ItemStatus::Error);
        QVERIFY(out[2].reason.find("not valid JSON") != std::string::npos);
        QCOMPARE(out[2].scores["raw_text"].get<std::string>(),
                 std::string("I refuse to answer in JSON"));
        QCOMPARE(out[3].status, ItemStatus::Kept);
        QCOMPARE(server.request_count(), std::size_t(6));  // two repairs for the broken reply
        // The built-in schema went out as structured output.
        const auto requests = server.requests();
        const Json* schema =
            find_pointer(*requests.front().json, "/response_format/json_schema/schema/required");
        QVERIFY(schema);
        QCOMPARE(*schema, Json({"score", "rationale"}));

        for (const double min : {0.0, 2.0, 2.5, 3.0, 4.0, 4.5}) {
            std::vector<bool> expected;
            for (const auto& item : out)
                expected.push_back(item.status != ItemStatus::Error &&
                                   item.scores["score"].get<double>() >= min);
            QCOMPARE(run.recompute(out, "min_score", min), expected);
        }
        QCOMPARE(run.recompute(out, "min_score", 3.0), kept_of(out));
        const auto prepared = run.prepare(out);
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> any(0.0, 10.0);
        for (int i = 0; i < 20; ++i) {
            const double min = i == 0 ? 3.0 : any(rng);
            std::vector<bool> expected;
            for (const auto& item : out)
                expected.push_back(item.status != ItemStatus::Error &&
                                   item.scores["score"].get<double>() >= min);
            QCOMPARE(prepared("min_score", min), expected);
        }
    }

    void judgeDimensionsEachHaveAMinimum() {
        FakeHttpServer server([](const FakeRequest& request) {
            const std::string prompt = first_user_message(request);
            const bool narrow = prompt.find("Narrow") != std::string::npos;
            const Json reply = {{"scores", {{"relevance", 5}, {"diversity", narrow ? 1 : 4}}},
                                {"rationale", narrow ? "Five kinds of salsa." : "Varied."}};
            return FakeReply::json(openai_chat_reply(reply.dump(), 10, 5));
        });
        StageRun run("judge", {{"model", "judge"},
                               {"prompt", "prompts/judge.md"},
                               {"dimensions",
                                {{{"name", "relevance"}, {"min_score", 3}},
                                 {{"name", "diversity"}, {"min_score", 2}}}}});
        run.project.models["judge"] = judge_model(server.base_url());
        run.config.files["prompt"] = "Judge: {{title}}";
        QVERIFY2(!run.validate().has_errors(), run.validate().format_errors().c_str());
        LlmClient llm({}, nullptr);
        const auto out = run.run(titled({{"u1/t/0", "Wide"}, {"u1/t/1", "Narrow"}}), nullptr, &llm);
        QCOMPARE(kept_of(out), (std::vector<bool>{true, false}));
        QCOMPARE(out[1].reason, std::string("judge diversity 1 < 2: Five kinds of salsa."));
        QCOMPARE(out[0].scores["dimensions"], Json({{"relevance", 5}, {"diversity", 4}}));
        QCOMPARE(out[0].scores["score"].get<double>(), 4.5);  // their mean
        const auto requests = server.requests();
        const Json* schema = find_pointer(*requests.front().json,
                                          "/response_format/json_schema/schema/properties/scores");
        QVERIFY(schema);
        QCOMPARE((*schema)["required"], Json({"relevance", "diversity"}));
        QCOMPARE(run.recompute(out, "min_score", 0.0), kept_of(out));
        QCOMPARE(run.recompute(out, "min_score", 5.0), (std::vector<bool>{false, false}));
    }

    void judgeValidation() {
        StageRun missing("judge", {{"model", "judge"}, {"prompt", "p.md"}});
        QVERIFY(missing.validate().format_errors().find("min_score") != std::string::npos);
        StageRun pointer(
            "judge",
            {{"model", "judge"}, {"prompt", "p.md"}, {"min_score", 3}, {"score", "score"}});
        QVERIFY(pointer.validate().has_errors());
        StageRun good("judge", {{"model", "judge"},
                                {"prompt", "p.md"},
                                {"min_score", 3},
                                {"output", {{"format", "json"}, {"schema", "s.json"}}}});
        QVERIFY(good.validate().all().empty());
    }

    // ---- rerank ----

    void rerankAgainstAFakeRerankEndpoint() {
        FakeHttpServer server([](const FakeRequest& request) {
            if (request.path != "/v1/rerank") return FakeReply::text(404, "not found");
            // Relevance: 0.9 when the document mentions the query's first word, else 0.1.
            const std::string query = request.json->at("query");
            const std::string word = query.substr(0, query.find(' '));
            Json results = Json::array();
            const Json& documents = request.json->at("documents");
            for (std::size_t i = documents.size(); i-- > 0;) {  // sorted by relevance, not index
                const bool hit = documents[i].get<std::string>().find(word) != std::string::npos;
                results.push_back({{"index", i}, {"relevance_score", hit ? 0.9 : 0.1}});
            }
            return FakeReply::json({{"results", results}});
        });
        StageRun run("rerank", {{"query", "{{query}}"},
                                {"text", "{{title}}"},
                                {"threshold", 0.3},
                                {"endpoint", {{"base_url", server.base_url()}, {"model", "bge"}}}});
        QVERIFY(run.validate().all().empty());
        std::vector<Item> items;
        items.push_back(make_item("a", {{"query", "salsa night"}, {"title", "salsa verde"}}));
        items.push_back(make_item("b", {{"query", "salsa night"}, {"title", "dish soap"}}));
        items.push_back(make_item("c", {{"query", "grill party"}, {"title", "grill brushes"}}));
        LlmClient llm({}, nullptr);
        const auto out = run.run(items, nullptr, &llm);
        QCOMPARE(kept_of(out), (std::vector<bool>{true, false, true}));
        QCOMPARE(out[1].reason, std::string("relevance 0.10 < 0.30 to \"salsa night\""));
        QCOMPARE(out[0].scores, Json({{"relevance", 0.9}, {"method", "cross-encoder"}}));
        // One request per distinct query, carrying every document that shares it.
        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(2));
        for (const auto& request : requests) {
            QCOMPARE(request.json->at("model").get<std::string>(), std::string("bge"));
            if (request.json->at("query") == "salsa night") {
                QCOMPARE(request.json->at("documents"), Json({"salsa verde", "dish soap"}));
                QCOMPARE(request.json->at("top_n").get<int>(), 2);
            }
        }
        QCOMPARE(run.recompute(out, "threshold", 0.05), (std::vector<bool>{true, true, true}));
        QCOMPARE(run.recompute(out, "threshold", 0.3), kept_of(out));
        // Each request is a call the items point at (free here: the endpoint declares no price).
        QCOMPARE(run.calls.size(), std::size_t(2));
        for (const auto& call : run.calls) {
            QVERIFY(call.ok);
            QCOMPARE(call.model, std::string("bge"));
            QCOMPARE(call.cost, 0.0);
            QCOMPARE(call.request.at("model").get<std::string>(), std::string("bge"));
        }
        QCOMPARE(*out[0].call_id, *out[1].call_id);
        QVERIFY(*out[0].call_id != *out[2].call_id);
    }

    void rerankCallsArePricedAsTheEndpointDeclares() {
        FakeHttpServer server([](const FakeRequest& request) {
            Json results = Json::array();
            for (std::size_t i = 0; i < request.json->at("documents").size(); ++i)
                results.push_back({{"index", i}, {"relevance_score", 0.9}});
            Json reply = {{"results", results}};
            if (request.json->at("query") == "usage") reply["usage"] = {{"total_tokens", 1000}};
            return FakeReply::json(reply);
        });
        const auto items = [] {
            std::vector<Item> out;
            for (const char* key : {"a", "b", "c", "d"})
                out.push_back(make_item(key, {{"query", "usage"}, {"title", "salsa verde"}}));
            return out;
        };
        // Per 1K documents: one request of four documents at $2 per 1K.
        StageRun per_document(
            "rerank",
            {{"query", "{{query}}"},
             {"text", "{{title}}"},
             {"threshold", 0.5},
             {"endpoint", {{"base_url", server.base_url()}, {"price_per_1k_documents", 2.0}}}});
        QVERIFY(per_document.validate().all().empty());
        LlmClient llm({}, nullptr);
        per_document.run(items(), nullptr, &llm);
        QCOMPARE(per_document.calls.size(), std::size_t(1));
        QCOMPARE(per_document.calls[0].cost, 4 / 1000.0 * 2.0);
        QCOMPARE(per_document.calls[0].tokens_in, std::int64_t(1000));
        // Per token: the reply's usage, at $0.05 per million.
        StageRun per_token(
            "rerank", {{"query", "{{query}}"},
                       {"text", "{{title}}"},
                       {"threshold", 0.5},
                       {"endpoint",
                        {{"base_url", server.base_url()}, {"price_per_mtok", {{"input", 0.05}}}}}});
        QVERIFY(per_token.validate().all().empty());
        per_token.run(items(), nullptr, &llm);
        QCOMPARE(per_token.calls[0].cost, 1000 * 0.05 / 1e6);
        // No usage in the reply: the tokens sent are estimated, so the price is not zero.
        auto quiet = items();
        for (auto& item : quiet) item.data["query"] = "no usage";
        per_token.run(quiet, nullptr, &llm);
        QVERIFY(per_token.calls[1].tokens_in > 4);
        QVERIFY(per_token.calls[1].cost > 0.0);
        // Both prices at once is a configuration error with its path.
        StageRun both("rerank", {{"query", "q"},
                                 {"text", "t"},
                                 {"threshold", 0.5},
                                 {"endpoint",
                                  {{"base_url", server.base_url()},
                                   {"price_per_1k_documents", 2.0},
                                   {"price_per_mtok", {{"input", 0.05}}}}}});
        QVERIFY2(both.validate().format_errors().find("/stages/0/endpoint/price_per_mtok") !=
                     std::string::npos,
                 both.validate().format_errors().c_str());
    }

    void rerankEndpointFailureMakesErrorItems() {
        FakeHttpServer server([](const FakeRequest&) { return FakeReply::text(500, "boom"); });
        StageRun run("rerank",
                     {{"query", "q"},
                      {"text", "{{title}}"},
                      {"threshold", 0.3},
                      {"endpoint", {{"base_url", server.base_url()}, {"max_retries", 0}}}});
        LlmClient llm({}, nullptr);
        const auto out = run.run(titled({{"a", "x"}}), nullptr, &llm);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(out[0].status, ItemStatus::Error);
        QVERIFY(out[0].reason.find("HTTP 500") != std::string::npos);
        // The failed request is a call too, with the server's answer, pointed at by the item.
        QCOMPARE(run.calls.size(), std::size_t(1));
        QVERIFY(!run.calls[0].ok);
        QCOMPARE(run.calls[0].http_status, 500L);
        QCOMPARE(run.calls[0].response, std::string("boom"));
        QCOMPARE(*out[0].call_id, std::int64_t(1));
    }

    void rerankReplyShapes() {
        auto cohere = RerankEndpoint::parse(
            R"({"results":[{"index":1,"relevance_score":0.2},{"index":0,"relevance_score":0.7}]})",
            2);
        QVERIFY(cohere.ok);
        QCOMPARE(cohere.scores, (std::vector<double>{0.7, 0.2}));
        auto tei = RerankEndpoint::parse(R"([{"index":0,"score":0.4},{"index":1,"score":0.5}])", 2);
        QVERIFY(tei.ok);
        QCOMPARE(tei.scores, (std::vector<double>{0.4, 0.5}));
        auto partial = RerankEndpoint::parse(R"({"results":[{"index":0,"score":0.4}]})", 2);
        QVERIFY(!partial.ok);
        QVERIFY(partial.error.find("document 1") != std::string::npos);
        QVERIFY(!RerankEndpoint::parse("not json", 1).ok);
    }

    void rerankFallsBackToBiEncoderAndSaysSo() {
        StageRun run("rerank", {{"query", "{{query}}"},
                                {"text", "{{title}}"},
                                {"threshold", 0.5},
                                {"embedder", "local"}});
        QVERIFY(run.validate().all().empty());
        TestResources resources;
        std::vector<Item> items;
        items.push_back(make_item(
            "a", {{"query", "Summer grilling"}, {"title", "Summer grilling essentials"}}));
        items.push_back(
            make_item("b", {{"query", "Summer grilling"}, {"title", "Pantry staples"}}));
        const auto out = run.run(items, &resources);
        QCOMPARE(kept_of(out), (std::vector<bool>{true, false}));
        QCOMPARE(out[0].scores["method"].get<std::string>(), std::string("bi-encoder"));
        QCOMPARE(out[0].scores["relevance"].get<double>(),
                 rounded_cosine("Summer grilling", "Summer grilling essentials"));
        QCOMPARE(run.notes.size(), std::size_t(1));
        QVERIFY(run.notes[0].get<std::string>().find("bi-encoder fallback") == 0);
        bool noted = false;
        for (const auto& issue : run.issues)
            noted = noted || (issue.severity == RunIssue::Severity::Info &&
                              issue.message.find("bi-encoder fallback") != std::string::npos);
        QVERIFY(noted);
        QVERIFY(out[1].reason.find(" < 0.50 to \"Summer grilling\"") != std::string::npos);

        StageRun neither("rerank", {{"query", "q"}, {"text", "t"}, {"threshold", 0.5}});
        QVERIFY(neither.validate().format_errors().find("endpoint") != std::string::npos);
    }

    // ---- rules ----

    void rulesDenyTermsAreWholeWordsAndCaseInsensitive() {
        StageRun run("rules", {{"rules",
                                {{{"id", "no-alcohol"},
                                  {"field", "/title"},
                                  {"deny_terms", {"wine", "hard seltzer"}}}}}});
        QVERIFY(run.validate().all().empty());
        const auto out = run.run(titled({{"a", "Wine night"},
                                         {"b", "Swine-free barbecue"},
                                         {"c", "HARD   Seltzer summer"},
                                         {"d", "Seltzers and hard water"},
                                         {"e", "Red wine's friends"}}));
        QCOMPARE(kept_of(out), (std::vector<bool>{false, true, false, true, false}));
        QCOMPARE(out[0].reason, std::string("rule no-alcohol: \"wine\" in /title"));
        QCOMPARE(out[2].reason, std::string("rule no-alcohol: \"hard seltzer\" in /title"));
        QCOMPARE(out[0].scores, Json({{"failed_rules", {"no-alcohol"}}}));
        QCOMPARE(out[1].scores, Json({{"failed_rules", Json::array()}}));
        QCOMPARE(PolicyRule::find_term("café wine", "caf"), std::string::npos);
    }

    void rulesLengthRegexRequiredAndArrays() {
        StageRun run("rules",
                     {{"rules",
                       {{{"id", "title-length"}, {"field", "/title"}, {"max_chars", 20}},
                        {{"id", "title-min"}, {"field", "/title"}, {"min_chars", 3}},
                        {{"id", "title-required"}, {"required", {"/title"}}},
                        {{"id", "no-beer"},
                         {"field", "/keywords"},
                         {"deny_regex", "^(?!.*\\b(root|ginger) beers?\\b).*\\bbeers?\\b"}},
                        {{"id", "capitalised"},
                         {"field", "/title"},
                         {"allow_regex", "^[A-Z]"},
                         {"case_sensitive", true}}}}});
        QVERIFY2(run.validate().all().empty(), run.validate().format_errors().c_str());
        std::vector<Item> items;
        items.push_back(make_item("ok", {{"title", "Grill night"}, {"keywords", {"root beer"}}}));
        items.push_back(make_item("long", {{"title", "A title that is far too long"},
                                           {"keywords", {"buns", "craft beer"}}}));
        items.push_back(make_item("none", {{"keywords", Json::array()}}));
        items.push_back(make_item("tiny", {{"title", "ab"}}));
        const auto out = run.run(items);
        QCOMPARE(kept_of(out), (std::vector<bool>{true, false, false, false}));
        QCOMPARE(out[1].reason,
                 std::string("rule title-length: 28 > 20 chars; rule no-beer: \"craft beer\" in "
                             "/keywords/1"));
        QCOMPARE(out[1].scores["failed_rules"], Json({"title-length", "no-beer"}));
        QCOMPARE(out[2].reason, std::string("rule title-required: missing /title"));
        QCOMPARE(out[3].reason, std::string("rule title-min: 2 < 3 chars; rule capitalised: /title "
                                            "does not match allow_regex \"^[A-Z]\""));
    }

    void rulesResolveFieldsThroughAncestors() {
        StageRun run(
            "rules",
            {{"rules",
              {{{"id", "no-wine"}, {"field", {"/title", "/keywords"}}, {"deny_terms", {"wine"}}},
               {{"id", "whole"}, {"deny_terms", {"vape"}}}}}});
        // A keyword item whose theme (its parent) holds the title.
        run.ancestors["u1/themes/0"] = make_item("u1/themes/0", {{"title", "Wine and cheese"}});
        const auto out = run.run({make_item(
            "u1/themes/0/keywords", {{"keywords", {"brie", "vape pens"}}}, "u1", "u1/themes/0")});
        QCOMPARE(out[0].reason,
                 std::string("rule no-wine: \"wine\" in /title; rule whole: \"vape\" in item"));
    }

    void rulesSchemaFileRelativeToTheProject() {
        QTemporaryDir temp;
        const std::filesystem::path dir = temp.path().toStdString();
        write_file(
            dir / "schemas/theme.json",
            R"({"type":"object","required":["title"],"properties":{"title":{"type":"string"}}})");
        StageRun run("rules", {{"rules", {{{"id", "shape"}, {"schema", "schemas/theme.json"}}}}});
        run.project.dir = dir;
        QVERIFY(run.validate().all().empty());
        const auto out =
            run.run({make_item("a", {{"title", "Fine"}}), make_item("b", {{"title", 3}})});
        QCOMPARE(kept_of(out), (std::vector<bool>{true, false}));
        QVERIFY(out[1].reason.rfind("rule shape: schema: /title", 0) == 0);

        StageRun missing("rules", {{"rules", {{{"id", "shape"}, {"schema", "nope.json"}}}}});
        missing.project.dir = dir;
        QVERIFY(missing.validate().format_errors().find("nope.json") != std::string::npos);
    }

    void rulesValidation() {
        StageRun regex("rules", {{"rules", {{{"id", "r"}, {"deny_regex", "(unclosed"}}}}});
        QVERIFY(regex.validate().format_errors().find("/stages/0/rules/0/deny_regex") !=
                std::string::npos);
        StageRun nothing("rules", {{"rules", {{{"id", "r"}, {"field", "/title"}}}}});
        QVERIFY(nothing.validate().format_errors().find("needs a check") != std::string::npos);
        StageRun twice(
            "rules",
            {{"rules", {{{"id", "r"}, {"max_chars", 3}}, {{"id", "r"}, {"min_chars", 1}}}}});
        QVERIFY(twice.validate().format_errors().find("duplicate rule id") != std::string::npos);
        StageRun pointer("rules",
                         {{"rules", {{{"id", "r"}, {"field", "title"}, {"max_chars", 3}}}}});
        QVERIFY(pointer.validate().has_errors());
    }

    // ---- retrieve ----

    void retrieveAttachesNearestCorpusTerms() {
        TestResources resources;
        StageRun run(
            "retrieve",
            {{"corpus", "keywords"}, {"query", "{{#concepts}}{{.}} {{/concepts}}"}, {"top_k", 3}});
        resources.add_corpus(
            "keywords",
            {"greek yogurt", "organic greek yogurt 32 oz", "plain yogurt", "gluten free penne",
             "whole wheat penne", "dish soap", "paper towels", "charcoal briquettes", "bbq sauce"},
            run.context);
        CorpusConfig corpus;
        corpus.name = "keywords";
        corpus.embedder = "local";
        run.project.corpora["keywords"] = corpus;
        QVERIFY(run.validate().all().empty());
        std::vector<Item> items;
        items.push_back(make_item("u1/themes/0", {{"concepts", {"greek yogurt"}}}));
        items.push_back(make_item("u1/themes/1", {{"concepts", {"penne", "pasta"}}}));
        items.push_back(make_item("u1/themes/2", {{"concepts", Json::array()}}));
        const auto out = run.run(items, &resources);
        QCOMPARE(out.size(), std::size_t(3));
        QCOMPARE(out[0].key, std::string("u1/themes/0/gate"));
        QCOMPARE(out[0].parent_key, std::string("u1/themes/0"));
        QCOMPARE(out[0].data["query"].get<std::string>(), std::string("greek yogurt "));
        const Json& candidates = out[0].data["candidates"];
        QCOMPARE(candidates.size(), std::size_t(3));
        QCOMPARE(candidates[0]["text"].get<std::string>(), std::string("greek yogurt"));
        for (std::size_t i = 1; i < candidates.size(); ++i)
            QVERIFY(candidates[i - 1]["similarity"] >= candidates[i]["similarity"]);
        QCOMPARE(out[0].scores["top_similarity"], candidates[0]["similarity"]);
        QCOMPARE(out[0].scores["candidates"].get<int>(), 3);
        std::set<std::string> pasta;
        for (const auto& c : out[1].data["candidates"]) pasta.insert(c["text"]);
        QVERIFY(pasta.count("gluten free penne") && pasta.count("whole wheat penne"));
        QCOMPARE(out[2].status, ItemStatus::Error);  // nothing to search for
        QVERIFY(out[2].reason.find("empty query") != std::string::npos);

        // min_similarity prunes weak hits, and filters a query left with none.
        run.config.spec["min_similarity"] = 0.99;
        const auto strict = run.run({items[0], items[1]}, &resources);
        QCOMPARE(strict[0].data["candidates"].size(), std::size_t(1));
        QCOMPARE(strict[1].status, ItemStatus::Filtered);
        QVERIFY(strict[1].reason.find("min_similarity 0.99") != std::string::npos);
        QCOMPARE(run.recompute(strict, "min_similarity", 0.99), kept_of(strict));
        QCOMPARE(run.recompute(strict, "min_similarity", 0.0), (std::vector<bool>{true, true}));
    }
};

QTEST_APPLESS_MAIN(TestStages)
#include "test_stages.moc"
