#include "commands.h"

#include <csignal>
#include <filesystem>
#include <iostream>

#include "cascade/core/error.h"
#include "cascade/engine/recordings.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "progressprinter.h"
#include "textable.h"

namespace cascade::cli {

namespace {

RunContext* g_active_run = nullptr;

void on_interrupt(int) {
    // Only an atomic store and hooks that wake the curl loop: safe enough from a signal handler
    // for a CLI whose other thread state is quiescent in curl_multi_poll.
    if (g_active_run) g_active_run->cancel();
}

void print_diagnostics(const Diagnostics& diagnostics) {
    for (const auto& d : diagnostics.all()) std::cerr << d.format() << "\n";
}

void print_stage_table(RunReader& reader, std::int64_t run_id) {
    TextTable table({"stage", "kind", "status", "in", "kept", "filtered", "errors", "calls",
                     "cached", "replies", "tokens in/out", "cost", "saved", "p50"});
    for (const auto& s : reader.stages(run_id)) {
        const auto& c = s.counters;
        table.add_row(
            {s.stage, s.kind,
             s.reused_from ? "reused #" + std::to_string(*s.reused_from) : s.status,
             std::to_string(c.items_in), std::to_string(c.kept), std::to_string(c.filtered),
             std::to_string(c.errors), std::to_string(c.calls), std::to_string(c.cache_hits),
             reply_sources_text(c.calls, c.recorded_calls, c.imported_calls),
             format_count(c.tokens_in) + "/" + format_count(c.tokens_out), format_cost(c.cost),
             format_cost(c.saved_cost), format_ms(c.latency_p50_ms)});
    }
    table.print(std::cout);
}

// Says so when replies did not come from a model called by this machine.
void print_reply_sources(const RunRecord& run) {
    if (run.recorded_calls > 0)
        std::cout << "Made from recordings: " << run.recorded_calls << " of " << run.calls
                  << " calls were answered from the project's recordings/ (example replies, "
                     "not live model output)\n";
    if (run.imported_calls > 0)
        std::cout << run.imported_calls << " of " << run.calls
                  << " calls were answered from an imported file\n";
}

}  // namespace

std::optional<Project> open_or_report(const Engine& engine, const std::string& dir,
                                      const std::string& variant) {
    auto opened = engine.open(dir, variant);
    print_diagnostics(opened.diagnostics);
    return std::move(opened.project);
}

std::int64_t resolve_run(const Project& project, std::int64_t run_id) {
    if (!std::filesystem::exists(project.store_path())) {
        std::cerr << "error: " << project.name << " has no runs yet (no "
                  << project.store_path().string() << ")\n";
        return 0;
    }
    RunReader reader(project.store_path().string());
    if (run_id > 0) {
        if (reader.run(run_id)) return run_id;
        std::cerr << "error: no run " << run_id << " in " << project.store_path().string() << "\n";
        return 0;
    }
    const auto runs = reader.runs();
    if (runs.empty()) {
        std::cerr << "error: " << project.name << " has no runs yet\n";
        return 0;
    }
    return runs.front().id;
}

int validate_command(const Engine& engine, const std::string& dir, const std::string& variant) {
    const auto project = open_or_report(engine, dir, variant);
    if (!project) return 1;
    std::cout << project->name << ": OK (" << project->stages.size() << " stages, "
              << project->input_rows.size() << " inputs, " << project->variant_names.size()
              << " variants)\n";
    for (const auto& stage : project->stages)
        std::cout << "  " << stage.index + 1 << ". " << stage.id << " (" << stage.kind << ")\n";
    return 0;
}

int run_command(const Engine& engine, const RunArgs& args) {
    const auto project = open_or_report(engine, args.dir, args.variant);
    if (!project) return 1;
    ProgressPrinter printer(args.quiet);
    RunContext context;
    g_active_run = &context;
    std::signal(SIGINT, on_interrupt);
    std::cerr << "Running " << project->name
              << (project->variant.empty() ? "" : " (variant " + project->variant + ")")
              << (args.options.offline ? ", offline" : "")
              << (args.options.replay ? ", replaying recordings" : "")
              << (args.options.refresh ? ", refreshing every call" : "") << "\n";
    const auto run_id = engine.run(*project, args.options, context, printer);
    std::signal(SIGINT, SIG_DFL);
    g_active_run = nullptr;

    RunReader reader(project->store_path().string());
    const auto run = reader.run(run_id);
    std::cout << "\nRun " << run_id << ": " << run->status
              << (run->message.empty() ? "" : " (" + run->message + ")") << "\n";
    print_stage_table(reader, run_id);
    std::cout << "Total " << format_cost(run->cost) << " paid, " << format_cost(run->saved_cost)
              << " saved by the cache; " << run->final_kept << " items kept from " << run->inputs
              << " inputs\n";
    print_reply_sources(*run);
    if (run->status == "cancelled") return 130;
    return run->status == "finished" ? 0 : 1;
}

int runs_command(const Engine& engine, const std::string& dir) {
    const auto project = open_or_report(engine, dir, {});
    if (!project) return 1;
    if (!std::filesystem::exists(project->store_path())) {
        std::cout << "No runs yet.\n";
        return 0;
    }
    RunReader reader(project->store_path().string());
    TextTable table({"run", "started", "variant", "status", "replies", "inputs", "kept", "tokens",
                     "cost", "saved"});
    for (const auto& r : reader.runs())
        table.add_row({std::to_string(r.id), r.started_at.substr(0, 19),
                       r.variant.empty() ? "-" : r.variant, r.status, reply_sources_text(r),
                       std::to_string(r.inputs), std::to_string(r.final_kept),
                       format_count(r.tokens_in + r.tokens_out), format_cost(r.cost),
                       format_cost(r.saved_cost)});
    table.print(std::cout);
    return 0;
}

int show_command(const Engine& engine, const ShowArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    const auto run_id = resolve_run(*project, args.run_id);
    if (!run_id) return 1;
    RunReader reader(project->store_path().string());
    if (args.stage.empty()) {
        const auto run = reader.run(run_id);
        std::cout << "Run " << run_id << " (" << run->status << ", started " << run->started_at
                  << (run->variant.empty() ? "" : ", variant " + run->variant)
                  << ", replies: " << reply_sources_text(*run) << ")\n";
        print_reply_sources(*run);
        print_stage_table(reader, run_id);
        return 0;
    }
    ItemFilter filter;
    filter.text = args.text;
    if (!args.status.empty()) {
        try {
            filter.status = item_status_from_string(args.status);
        } catch (const Error& e) {
            std::cerr << "error: " << e.what() << " (expected kept, filtered or error)\n";
            return 2;
        }
    }
    const auto total = reader.count_items(run_id, args.stage, filter);
    const auto items = reader.items(run_id, args.stage, filter, 0, args.limit);
    // Where the reply behind an item came from (none for items no model made or judged).
    const auto source_of = [&](const Item& item) -> std::optional<ReplySource> {
        if (!item.call_id) return std::nullopt;
        const auto call = reader.call(*item.call_id);
        return call ? call->source : std::nullopt;
    };
    if (args.json) {
        for (const auto& item : items) {
            Json line = {{"key", item.key},        {"status", to_string(item.status)},
                         {"reason", item.reason},  {"scores", item.scores},
                         {"data", item.data}};
            if (const auto source = source_of(item)) line["reply"] = to_string(*source);
            std::cout << line.dump() << "\n";
        }
        return 0;
    }
    std::cout << args.stage << ": " << total << " items" << (filter.status ? " " + args.status : "")
              << (items.size() < static_cast<std::size_t>(total)
                      ? " (showing " + std::to_string(items.size()) + ")"
                      : "")
              << "\n";
    for (const auto& item : items) {
        std::cout << "\n[" << to_string(item.status) << "] " << item.key << "\n";
        if (!item.reason.empty()) std::cout << "  reason: " << item.reason << "\n";
        if (!item.scores.empty()) std::cout << "  scores: " << item.scores.dump() << "\n";
        if (const auto source = source_of(item); source && *source != ReplySource::Live)
            std::cout << "  reply:  " << to_string(*source)
                      << (*source == ReplySource::Recorded
                              ? " (from recordings/, not live model output)"
                              : " (from an imported file)")
                      << "\n";
        std::string data = item.data.dump();
        if (data.size() > 300) data = data.substr(0, 300) + "…";
        std::cout << "  data:   " << data << "\n";
    }
    return 0;
}

int recordings_export_command(const Engine& engine, const std::string& dir, std::int64_t run_id,
                              const std::string& out) {
    const auto project = open_or_report(engine, dir, {});
    if (!project) return 1;
    run_id = resolve_run(*project, run_id);
    if (!run_id) return 1;
    RunReader reader(project->store_path().string());
    const int count = Recordings::export_run(
        *project, reader, run_id, out,
        "Recorded calls of run " + std::to_string(run_id) + " of " + project->name);
    std::cout << "Wrote " << count << " recorded calls to " << out << "\n";
    return 0;
}

int recordings_import_command(const Engine& engine, const std::string& dir) {
    const auto project = open_or_report(engine, dir, {});
    if (!project) return 1;
    RunStore store(project->store_path().string());
    const auto result = Recordings::import_project(*project, store);
    for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << "\n";
    std::cout << "Imported " << result.imported << " recorded responses (" << result.known
              << " already cached)\n";
    return 0;
}

}  // namespace cascade::cli
