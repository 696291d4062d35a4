// cascade compare PROJECT RUN_A RUN_B [--items] [--stage S] [--only-diff] [--limit N]
#include <cstdio>
#include <iostream>
#include <memory>

#include "cascade/compare/itemalignment.h"
#include "cascade/compare/money.h"
#include "cascade/compare/runcomparison.h"
#include "cascade/compare/worddiff.h"
#include "cascade/store/runreader.h"
#include "textable.h"
#include "tunecommands.h"

namespace cascade::cli {

namespace {

struct CompareArgs {
    std::string dir;
    std::int64_t run_a = 0;
    std::int64_t run_b = 0;
    bool items = false;
    std::string stage;
    bool only_diff = false;
    int limit = 20;
};

std::string value_text(const std::string& metric, double value) {
    if (metric == "cost" || metric == "paid" || metric == "cost_per_input")
        return format_money(value);
    if (metric.rfind("latency", 0) == 0) return format_ms(value);
    if (metric == "kept_per_input") {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.2f", value);
        return buffer;
    }
    return format_count(static_cast<long long>(value));
}

std::string percent_text(const MetricDelta& m) {
    if (!m.percent) return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%+.1f%%", *m.percent);
    return buffer;
}

// "a → b", with the better side marked.
std::string pair_text(const MetricDelta& m) {
    const std::string mark = m.better == Better::A ? " (A)" : m.better == Better::B ? " (B)" : "";
    return value_text(m.name, m.a) + " → " + value_text(m.name, m.b) + mark;
}

const MetricDelta& metric(const StageComparison& row, const std::string& name) {
    for (const auto& m : row.metrics)
        if (m.name == name) return m;
    return row.metrics.front();
}

// Word diff in wdiff notation: [-removed-]{+added+}.
std::string diff_text(const std::string& a, const std::string& b) {
    std::string out;
    for (const auto& segment : WordDiff::diff(a, b).segments) {
        if (segment.op == WordDiff::Op::Removed)
            out += "[-" + segment.text + "-]";
        else if (segment.op == WordDiff::Op::Added)
            out += "{+" + segment.text + "+}";
        else
            out += segment.text;
    }
    return out;
}

void print_items(RunReader& reader, const CompareArgs& args, const std::string& stage) {
    const ItemAlignment alignment(reader, args.run_a, args.run_b, stage);
    std::cout << "\n"
              << stage << ": " << alignment.size() << " keys, " << alignment.count(ItemChange::Same)
              << " same, " << alignment.count(ItemChange::Changed) << " changed, "
              << alignment.count(ItemChange::Added) << " added, "
              << alignment.count(ItemChange::Removed) << " removed\n";
    const auto page = alignment.page(args.only_diff, 0, args.limit);
    for (const auto& row : page.rows) {
        std::cout << "  [" << to_string(row.change) << "] " << row.key << "\n";
        if (row.change == ItemChange::Changed) {
            if (row.status_changed)
                std::cout << "    status: " << to_string(row.a->status) << " → "
                          << to_string(row.b->status) << "\n";
            if (row.reason_changed)
                std::cout << "    reason: " << diff_text(row.a->reason, row.b->reason) << "\n";
            if (row.data_changed)
                std::cout << "    data:   "
                          << diff_text(ItemAlignment::display_text(*row.a),
                                       ItemAlignment::display_text(*row.b))
                          << "\n";
        } else if (row.change != ItemChange::Same) {
            const Item& item = row.a ? *row.a : *row.b;
            std::string text = ItemAlignment::display_text(item);
            if (text.size() > 200) text = text.substr(0, 200) + "…";
            std::cout << "    " << text << "\n";
        }
    }
    if (page.total > static_cast<std::int64_t>(page.rows.size()))
        std::cout << "  … " << page.total - page.rows.size() << " more (--limit)\n";
}

int compare_command(const Engine& engine, const CompareArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    if (!resolve_run(*project, args.run_a) || !resolve_run(*project, args.run_b)) return 1;
    RunReader reader(project->store_path().string());
    const RunComparison cmp(reader, args.run_a, args.run_b);
    // A run made from recordings says so: its outputs are example replies, not a model's.
    const auto name = [](const RunRecord& r) {
        return "run " + std::to_string(r.id) + (r.variant.empty() ? "" : " (" + r.variant + ")") +
               ", replies: " + reply_sources_text(r);
    };
    std::cout << "A: " << name(cmp.run_a()) << "   B: " << name(cmp.run_b()) << "\n\n";
    TextTable stages({"stage", "in", "kept", "filtered", "errors", "tokens in", "tokens out",
                      "cost", "Δ cost", "p50", "cache hits"});
    for (const auto& row : cmp.stages()) {
        const std::string presence = row.presence == StageComparison::Presence::OnlyA ? " (removed)"
                                     : row.presence == StageComparison::Presence::OnlyB ? " (added)"
                                                                                        : "";
        stages.add_row({row.stage + presence, pair_text(metric(row, "items_in")),
                        pair_text(metric(row, "kept")), pair_text(metric(row, "filtered")),
                        pair_text(metric(row, "errors")), pair_text(metric(row, "tokens_in")),
                        pair_text(metric(row, "tokens_out")), pair_text(metric(row, "cost")),
                        percent_text(metric(row, "cost")), pair_text(metric(row, "latency_p50_ms")),
                        pair_text(metric(row, "cache_hits"))});
    }
    stages.print(std::cout);
    std::cout << "\n";
    TextTable totals({"total", "A", "B", "Δ", "Δ %", "better"});
    for (const auto& m : cmp.total_metrics())
        totals.add_row({m.name, value_text(m.name, m.a), value_text(m.name, m.b),
                        (m.abs >= 0 ? "+" : "") + value_text(m.name, m.abs), percent_text(m),
                        to_string(m.better)});
    totals.print(std::cout);
    std::cout << "\n" << cmp.verdict() << "\n";
    if (!args.items && args.stage.empty()) return 0;
    for (const auto& row : cmp.stages())
        if (args.stage.empty() || row.stage == args.stage) print_items(reader, args, row.stage);
    return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, const Engine& engine, int& exit_code) {
    auto args = std::make_shared<CompareArgs>();
    auto* cmd = app.add_subcommand("compare", "Compare two runs: per-stage deltas, totals, items");
    cmd->add_option("PROJECT", args->dir, "project folder")->required();
    cmd->add_option("RUN_A", args->run_a, "the baseline run")->required();
    cmd->add_option("RUN_B", args->run_b, "the run compared with it")->required();
    cmd->add_flag("--items", args->items, "also align every stage's items by key");
    cmd->add_option("--stage", args->stage, "align only this stage's items");
    cmd->add_flag("--only-diff", args->only_diff, "list only added, removed and changed items");
    cmd->add_option("--limit", args->limit, "items listed per stage (default 20)");
    cmd->callback([&engine, &exit_code, args] { exit_code = compare_command(engine, *args); });
}

}  // namespace cascade::cli
