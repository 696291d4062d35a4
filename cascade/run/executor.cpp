#include "cascade/run/executor.h"

#include <algorithm>
#include <filesystem>

#include "cascade/core/error.h"
#include "cascade/core/hash.h"
#include "cascade/llm/llmclient.h"
#include "cascade/run/stagecontext.h"
#include "cascade/store/sqliteresponsecache.h"

namespace cascade {

namespace {

std::string item_id(const std::string& stage, const std::string& key) { return stage + '\n' + key; }

// Settings that change how a call is made but not what it returns stay out of fingerprints, so
// raising concurrency does not invalidate a finished stage.
Json output_relevant(Json config) {
    for (const char* key : {"max_concurrency", "timeout_s", "max_retries", "max_reply_bytes",
                            "stream", "description"})
        config.erase(key);
    return config;
}

void add_file_stamp(Sha256& hash, const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    const auto time = std::filesystem::last_write_time(file, error);
    hash.add(file.string())
        .add(std::to_string(error ? 0 : size))
        .add(std::to_string(error ? 0 : time.time_since_epoch().count()));
}

}  // namespace

Executor::Executor(const Project& project, const StageRegistry& registry, RunStore& store,
                   StageResources* resources, EventSink& sink)
    : project_(project), registry_(registry), store_(store), resources_(resources), sink_(sink) {}

std::string Executor::fingerprint(const Project& project, const StageConfig& stage,
                                  const std::vector<Item>& inputs) {
    Sha256 hash;
    hash.add("stage/1").add(stage.kind).add(canonical_dump(stage.spec));
    for (const auto& [key, text] : stage.files) hash.add(key).add(text);
    if (stage.schema) hash.add(canonical_dump(*stage.schema));
    const Json& resolved = project.resolved;
    for (const char* ref : {"model", "embedder"}) {
        if (!stage.spec.contains(ref) || !stage.spec[ref].is_string()) continue;
        const auto name = stage.spec[ref].get<std::string>();
        const char* table = std::string(ref) == "model" ? "models" : "embedders";
        if (const Json* config = find_pointer(resolved, std::string("/") + table + "/" + name))
            hash.add(canonical_dump(output_relevant(*config)));
    }
    if (stage.spec.contains("corpus") && stage.spec["corpus"].is_string()) {
        const auto it = project.corpora.find(stage.spec["corpus"].get<std::string>());
        if (it != project.corpora.end()) {
            const CorpusConfig& corpus = it->second;
            hash.add(canonical_dump(resolved["corpora"][corpus.name]));
            add_file_stamp(hash, project.dir / (corpus.recipe.empty() ? corpus.path : corpus.recipe));
            if (const Json* embedder = find_pointer(resolved, "/embedders/" + corpus.embedder))
                hash.add(canonical_dump(*embedder));
        }
    }
    hash.add(std::to_string(inputs.size()));
    for (const auto& item : inputs) hash.add(item.key).add(canonical_dump(item.data));
    return hash.hex();
}

std::vector<Item> Executor::make_inputs(const RunOptions& options) const {
    std::vector<Item> inputs;
    const std::size_t count = options.limit > 0
                                  ? std::min<std::size_t>(options.limit, project_.input_rows.size())
                                  : project_.input_rows.size();
    for (std::size_t i = 0; i < count; ++i) {
        Item item;
        item.stage = "input";
        item.key = project_.input_id(project_.input_rows[i]);
        item.input_id = item.key;
        item.ordinal = static_cast<int>(i);
        item.data = project_.input_rows[i];
        inputs.push_back(std::move(item));
    }
    return inputs;
}

void Executor::remember(std::vector<Item> items) {
    for (auto& item : items) {
        keys_by_stage_[item.stage].push_back(item.key);
        items_[item_id(item.stage, item.key)] = std::move(item);
    }
}

std::vector<Item> Executor::kept_of(const std::string& stage) const {
    std::vector<Item> kept;
    const auto keys = keys_by_stage_.find(stage);
    if (keys == keys_by_stage_.end()) return kept;
    for (const auto& key : keys->second) {
        const Item& item = items_.at(item_id(stage, key));
        if (item.status == ItemStatus::Kept) kept.push_back(item);
    }
    return kept;
}

std::int64_t Executor::run(const RunOptions& options, RunContext& context) {
    items_.clear();
    keys_by_stage_.clear();
    const auto run_id =
        store_.create_run(project_.name, project_.variant, project_.resolved, options.to_json());
    sink_.run_started(run_id, static_cast<int>(project_.stages.size()));

    SqliteResponseCache cache(store_,
                              {options.serves_recordings(), options.refresh, options.offline});
    LlmOptions llm_options;
    llm_options.offline = options.offline;
    llm_options.concurrency_override = options.concurrency;
    LlmClient llm(llm_options, &cache);
    // What the callbacks stored is committed before the loop waits for the network: a kill then
    // loses no reply that had arrived, and no other writer waits while this run is idle.
    llm.http().set_before_wait([this] { store_.commit(); });

    // Which stages execute even when reusable, and where the run stops.
    int last_stage = static_cast<int>(project_.stages.size()) - 1;
    int force_from = options.rerun_from.empty() ? last_stage + 1
                                                : project_.stage_index(options.rerun_from);
    if (!options.rerun_from.empty() && force_from < 0)
        throw Error("unknown stage \"" + options.rerun_from + "\"");
    std::vector<bool> forced(project_.stages.size(), !options.reuse || options.refresh);
    if (!options.stages.empty()) {
        last_stage = -1;
        for (const auto& id : options.stages) {
            const int index = project_.stage_index(id);
            if (index < 0) throw Error("unknown stage \"" + id + "\" in --stages");
            forced[index] = true;
            last_stage = std::max(last_stage, index);
        }
    }
    for (int i = std::max(force_from, 0); i < static_cast<int>(forced.size()); ++i) forced[i] = true;

    auto inputs = make_inputs(options);
    for (const auto& item : inputs) store_.add_item(run_id, item);
    remember(std::move(inputs));
    store_.commit();

    std::string status = "finished";
    std::string message;
    for (int index = 0; index <= last_stage; ++index) {
        const StageConfig& config = project_.stages[index];
        const std::string source =
            !config.from.empty() ? config.from
                                 : (index == 0 ? std::string("input") : project_.stages[index - 1].id);
        std::vector<Item> stage_inputs = kept_of(source);
        const auto print = fingerprint(project_, config, stage_inputs);
        StageEvent event{run_id, config.id, index, config.kind};

        if (!forced[index]) {
            if (const auto previous =
                    store_.find_reusable_stage(config.id, print, options.serves_recordings())) {
                store_.copy_stage(previous->run_id, run_id, config.id, index);
                auto copied = store_.items(run_id, config.id);
                remember(copied);
                event.reused = true;
                event.reused_from_run = previous->run_id;
                event.counters.items_in = static_cast<std::int64_t>(stage_inputs.size());
                event.counters.done = event.counters.items_in;
                for (const auto& item : copied) {
                    if (item.status == ItemStatus::Kept) ++event.counters.kept;
                    else if (item.status == ItemStatus::Filtered) ++event.counters.filtered;
                    else ++event.counters.errors;
                }
                sink_.stage_started(event);
                sink_.stage_finished(event);
                continue;
            }
        }

        const StageKind* kind = registry_.find(config.kind);
        store_.begin_stage(run_id, config.id, index, config.kind, print);
        StageContext::Hooks hooks;
        hooks.emit = [&](Item&& item) {
            store_.add_item(run_id, item);
            keys_by_stage_[item.stage].push_back(item.key);
            items_[item_id(item.stage, item.key)] = std::move(item);
        };
        hooks.record_call = [&](const CallRecord& call) { return store_.add_call(call); };
        hooks.delta = [&](const CallDelta& delta) { sink_.call_delta(delta); };
        hooks.issue = [&](const RunIssue& issue) { sink_.issue(issue); };
        hooks.progress = [&](const StageCounters& counters) {
            event.counters = counters;
            sink_.stage_progress(event);
        };
        hooks.find_item = [&](const std::string& stage, const std::string& key) -> const Item* {
            const auto it = items_.find(item_id(stage, key));
            return it == items_.end() ? nullptr : &it->second;
        };
        StageContext stage_context(project_, config, std::move(stage_inputs), context, hooks);
        stage_context.set_run_id(run_id);
        stage_context.set_llm(&llm);
        stage_context.set_resources(resources_);
        event.counters = stage_context.counters();
        sink_.stage_started(event);

        std::string stage_status = "finished";
        try {
            if (!kind) throw Error("unknown stage kind \"" + config.kind + "\"");
            kind->create(config)->run(stage_context);
            if (context.is_cancelled()) stage_status = "cancelled";
        } catch (const Cancelled&) {
            stage_status = "cancelled";
        } catch (const std::exception& e) {
            stage_status = "failed";
            message = "stage \"" + config.id + "\" failed: " + e.what();
            sink_.issue(RunIssue{RunIssue::Severity::Error, config.id, "", message});
        }
        event.counters = stage_context.finish_counters();
        store_.finish_stage(run_id, config.id, stage_status, event.counters, stage_context.notes());
        sink_.stage_finished(event);
        if (stage_status != "finished") {
            status = stage_status;
            if (status == "cancelled") message = "cancelled during stage \"" + config.id + "\"";
            break;
        }
    }
    store_.finish_run(run_id, status, message);
    sink_.run_ended(RunEnded{run_id, status, message});
    return run_id;
}

}  // namespace cascade
