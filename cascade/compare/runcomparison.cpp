#include "cascade/compare/runcomparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cascade/compare/money.h"
#include "cascade/core/error.h"
#include "cascade/store/runreader.h"

namespace cascade {

namespace {

enum class Direction { Lower, Higher, Neutral };

Direction direction_of(const std::string& name) {
    if (name == "items_in" || name == "kept" || name == "filtered" || name == "inputs" ||
        name == "kept_per_input")
        return Direction::Neutral;
    if (name == "cache_hits") return Direction::Higher;
    return Direction::Lower;
}

double value_of(const StageCounters& c, const std::string& name) {
    if (name == "items_in") return static_cast<double>(c.items_in);
    if (name == "kept") return static_cast<double>(c.kept);
    if (name == "filtered") return static_cast<double>(c.filtered);
    if (name == "errors") return static_cast<double>(c.errors);
    if (name == "calls") return static_cast<double>(c.calls);
    if (name == "cache_hits") return static_cast<double>(c.cache_hits);
    if (name == "tokens_in") return static_cast<double>(c.tokens_in);
    if (name == "tokens_out") return static_cast<double>(c.tokens_out);
    if (name == "cost") return c.cost + c.saved_cost;
    if (name == "paid") return c.cost;
    if (name == "latency_p50_ms") return c.latency_p50_ms;
    if (name == "latency_p95_ms") return c.latency_p95_ms;
    throw Error("unknown stage metric \"" + name + "\"");
}

std::string percent_text(double percent) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", std::fabs(percent));
    return buffer;
}

}  // namespace

const char* to_string(Better better) {
    switch (better) {
        case Better::A:
            return "A";
        case Better::B:
            return "B";
        case Better::Same:
            return "=";
        case Better::Neither:
            return "";
    }
    return "";
}

const std::vector<std::string>& RunComparison::stage_metrics() {
    static const std::vector<std::string> names = {
        "items_in",  "kept",       "filtered", "errors", "calls",          "cache_hits",
        "tokens_in", "tokens_out", "cost",     "paid",   "latency_p50_ms", "latency_p95_ms"};
    return names;
}

MetricDelta RunComparison::delta(std::string name, double a, double b) {
    MetricDelta d;
    d.a = a;
    d.b = b;
    d.abs = b - a;
    if (a != 0.0) d.percent = (b - a) / std::fabs(a) * 100.0;
    const Direction direction = direction_of(name);
    // A latency of 0 means "every call was a cache hit": nothing to compare.
    const bool unknown = name.rfind("latency", 0) == 0 && (a == 0.0 || b == 0.0);
    if (direction == Direction::Neutral || unknown)
        d.better = Better::Neither;
    else if (std::fabs(b - a) <= 1e-12 * std::max(std::fabs(a), std::fabs(b)))
        d.better = Better::Same;
    else if ((b < a) == (direction == Direction::Lower))
        d.better = Better::B;
    else
        d.better = Better::A;
    d.name = std::move(name);
    return d;
}

RunComparison::RunComparison(RunReader& reader, std::int64_t run_a, std::int64_t run_b) {
    auto a = reader.run(run_a);
    auto b = reader.run(run_b);
    if (!a) throw Error("no run " + std::to_string(run_a));
    if (!b) throw Error("no run " + std::to_string(run_b));
    run_a_ = std::move(*a);
    run_b_ = std::move(*b);
    const auto stages_a = reader.stages(run_a);
    const auto stages_b = reader.stages(run_b);
    align_stages(stages_a, stages_b);
    totals_a_ = totals_of(run_a_, stages_a);
    totals_b_ = totals_of(run_b_, stages_b);
    const auto add = [&](const char* name, double x, double y) {
        total_metrics_.push_back(delta(name, x, y));
    };
    add("inputs", static_cast<double>(totals_a_.inputs), static_cast<double>(totals_b_.inputs));
    add("kept", static_cast<double>(totals_a_.kept), static_cast<double>(totals_b_.kept));
    add("kept_per_input", totals_a_.kept_per_input, totals_b_.kept_per_input);
    add("calls", static_cast<double>(totals_a_.calls), static_cast<double>(totals_b_.calls));
    add("cache_hits", static_cast<double>(totals_a_.cache_hits),
        static_cast<double>(totals_b_.cache_hits));
    add("tokens_in", static_cast<double>(totals_a_.tokens_in),
        static_cast<double>(totals_b_.tokens_in));
    add("tokens_out", static_cast<double>(totals_a_.tokens_out),
        static_cast<double>(totals_b_.tokens_out));
    add("cost", totals_a_.cost, totals_b_.cost);
    add("paid", totals_a_.paid, totals_b_.paid);
    add("cost_per_input", totals_a_.cost_per_input, totals_b_.cost_per_input);
    verdict_ = make_verdict();
}

void RunComparison::align_stages(const std::vector<StageRunRecord>& a,
                                 const std::vector<StageRunRecord>& b) {
    const auto find = [](const std::vector<StageRunRecord>& list, const std::string& id) {
        for (const auto& s : list)
            if (s.stage == id) return &s;
        return static_cast<const StageRunRecord*>(nullptr);
    };
    for (const auto& s : a) {
        StageComparison row;
        row.stage = s.stage;
        row.kind_a = s.kind;
        row.a = s.counters;
        if (const auto* other = find(b, s.stage)) {
            row.kind_b = other->kind;
            row.b = other->counters;
        } else {
            row.presence = StageComparison::Presence::OnlyA;
        }
        stages_.push_back(std::move(row));
    }
    // B-only stages go right after the stage that precedes them in B, so pipelines that share
    // their gates but differ in the first phases still read top to bottom.
    std::size_t insert_at = 0;
    for (const auto& s : b) {
        std::size_t found = stages_.size();
        for (std::size_t i = 0; i < stages_.size(); ++i)
            if (stages_[i].stage == s.stage) found = i;
        if (found < stages_.size()) {
            insert_at = found + 1;
            continue;
        }
        StageComparison row;
        row.stage = s.stage;
        row.kind_b = s.kind;
        row.b = s.counters;
        row.presence = StageComparison::Presence::OnlyB;
        stages_.insert(stages_.begin() + static_cast<std::ptrdiff_t>(insert_at), std::move(row));
        ++insert_at;
    }
    for (auto& row : stages_)
        for (const auto& name : stage_metrics())
            row.metrics.push_back(delta(name, value_of(row.a, name), value_of(row.b, name)));
}

RunTotals RunComparison::totals_of(const RunRecord& run,
                                   const std::vector<StageRunRecord>& stages) {
    RunTotals t;
    t.inputs = run.inputs;
    t.kept = run.final_kept;
    t.tokens_in = run.tokens_in;
    t.tokens_out = run.tokens_out;
    t.paid = run.cost;
    t.cost = run.cost + run.saved_cost;
    for (const auto& s : stages) {
        t.calls += s.counters.calls;
        t.cache_hits += s.counters.cache_hits;
    }
    if (t.inputs > 0) {
        t.cost_per_input = t.cost / static_cast<double>(t.inputs);
        t.kept_per_input = static_cast<double>(t.kept) / static_cast<double>(t.inputs);
    }
    return t;
}

std::string RunComparison::make_verdict() const {
    const auto& a = totals_a_;
    const auto& b = totals_b_;
    std::string text = "B ";
    if (a.cost_per_input > 0.0) {
        const double pct = (b.cost_per_input - a.cost_per_input) / a.cost_per_input * 100.0;
        if (std::fabs(pct) < 0.5)
            text += "costs the same per input";
        else
            text += "costs " + percent_text(pct) + (pct < 0 ? " less" : " more") + " per input";
        text +=
            " (" + format_money(b.cost_per_input) + " vs " + format_money(a.cost_per_input) + ")";
    } else if (b.cost_per_input > 0.0) {
        text += "costs " + format_money(b.cost_per_input) + " per input where A cost nothing";
    } else {
        text += "costs nothing, like A";
    }
    text += ", keeps ";
    if (a.kept_per_input > 0.0) {
        const double pct = (b.kept_per_input - a.kept_per_input) / a.kept_per_input * 100.0;
        if (std::fabs(pct) < 0.5)
            text += "as many items";
        else
            text += percent_text(pct) + (pct < 0 ? " fewer" : " more") + " items";
        text += " per input";
    } else {
        text +=
            b.kept > 0 ? std::to_string(b.kept) + " items where A kept none" : "no items, like A";
    }
    return text + ".";
}

}  // namespace cascade
