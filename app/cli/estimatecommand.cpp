// cascade estimate PROJECT [--variant V] [--limit N] [--vs RUN]; also `cascade run --estimate`.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cascade/compare/money.h"
#include "cascade/cost/costestimator.h"
#include "cascade/engine/recordings.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "textable.h"
#include "tunecommands.h"

namespace cascade::cli {

namespace {

struct EstimateArgs {
    std::string dir;
    std::string variant;
    int limit = 0;
    std::int64_t vs_run = 0;
};

std::string count_text(double value) {
    return format_count(static_cast<long long>(value + 0.5));
}

std::string percent(double share) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", share * 100.0);
    return buffer;
}

std::string error_text(double estimate, double actual) {
    if (actual <= 0.0) return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%+.0f%%", (estimate - actual) / actual * 100.0);
    return buffer;
}

void print_estimate(const Project& project, const CostEstimate& e) {
    std::cout << "Estimate for " << project.name
              << (project.variant.empty() ? "" : " (variant " + project.variant + ")") << ": "
              << e.inputs << " inputs"
              << (e.reference_run
                      ? ", fan-out and usage from run " + std::to_string(*e.reference_run)
                      : ", no earlier run to learn fan-out from")
              << "\n";
    TextTable table({"stage", "kind", "model", "items", "calls", "tokens in", "tokens out", "cost",
                     "cached", "to pay"});
    for (const auto& s : e.stages)
        table.add_row({s.stage, s.kind, s.model.empty() ? "-" : s.model,
                       count_text(s.items_in) + (s.items_exact ? "" : "~"), count_text(s.calls),
                       count_text(s.tokens_in), count_text(s.tokens_out), format_money(s.cost),
                       s.model.empty() ? "-" : percent(s.cached_share) + (s.cache_exact ? "" : "~"),
                       format_money(s.cost_to_pay)});
    table.add_row({"total", "", "", "", count_text(e.calls), count_text(e.tokens_in),
                   count_text(e.tokens_out), format_money(e.cost), "",
                   format_money(e.cost_to_pay)});
    table.print(std::cout);
    std::cout << "~ estimated from an earlier run or assumed; the rest is exact.\n";
    for (const auto& s : e.stages) std::cout << "  " << s.stage << ": " << s.basis << "\n";
}

void print_vs_actual(const EstimateVsActual& v) {
    std::cout << "\nEstimated (before the run) vs actual, run " << v.run_id << "\n";
    TextTable table({"stage", "calls est/act", "tokens in est/act", "err", "tokens out est/act",
                     "err", "cost est/act"});
    for (const auto& r : v.rows) {
        const auto& e = r.estimate;
        const auto& a = r.actual;
        table.add_row({e.stage, count_text(e.calls) + " / " + std::to_string(a.calls),
                       count_text(e.tokens_in) + " / " + format_count(a.tokens_in),
                       error_text(e.tokens_in, double(a.tokens_in)),
                       count_text(e.tokens_out) + " / " + format_count(a.tokens_out),
                       error_text(e.tokens_out, double(a.tokens_out)),
                       format_money(e.cost) + " / " + format_money(a.cost)});
    }
    table.print(std::cout);
}

int estimate(const Engine& engine, const EstimateArgs& args) {
    const auto project = open_or_report(engine, args.dir, args.variant);
    if (!project) return 1;
    std::unique_ptr<RunReader> reader;
    const bool has_store = std::filesystem::exists(project->store_path());
    if (has_store || std::filesystem::is_directory(project->dir / "recordings")) {
        // A run imports the recordings before its first call; so does its estimate.
        RunStore store(project->store_path().string());
        Recordings::import_project(*project, store);
        reader = std::make_unique<RunReader>(project->store_path().string());
    }
    const CostEstimator estimator(*project, reader.get());
    if (args.vs_run > 0) {
        if (!resolve_run(*project, args.vs_run)) return 1;
        const auto result = estimator.compare(args.vs_run);
        print_estimate(*project, result.estimate);
        print_vs_actual(result);
        return 0;
    }
    EstimateOptions options;
    options.limit = args.limit;
    print_estimate(*project, estimator.estimate(options));
    return 0;
}

}  // namespace

int estimate_command(const Engine& engine, const RunArgs& args) {
    return estimate(engine, EstimateArgs{args.dir, args.variant, args.options.limit, 0});
}

void add_estimate_command(CLI::App& app, const Engine& engine, int& exit_code) {
    auto args = std::make_shared<EstimateArgs>();
    auto* cmd = app.add_subcommand("estimate", "Estimate a run's calls, tokens and cost per stage");
    cmd->add_option("PROJECT", args->dir, "project folder")->required();
    cmd->add_option("--variant", args->variant, "apply a named variant");
    cmd->add_option("--limit", args->limit, "only the first N inputs")->check(CLI::PositiveNumber);
    cmd->add_option("--vs", args->vs_run,
                    "show this finished run's estimate next to its actual figures");
    cmd->callback([&engine, &exit_code, args] { exit_code = estimate(engine, *args); });
}

}  // namespace cascade::cli
