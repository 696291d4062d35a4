#include "cascade/export/reportexporter.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cascade/compare/money.h"
#include "cascade/compare/runcomparison.h"
#include "cascade/core/error.h"
#include "cascade/export/svgchart.h"
#include "cascade/store/runreader.h"

namespace cascade {

namespace {

const char* kStyle = R"(
body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f0f0f0; }
.better { color: #17803d; font-weight: bold; }
.muted { color: #777; }
.verdict { font-size: 15px; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
code { font-size: 12px; }
)";

std::string ms(double value) {
    if (value <= 0) return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f ms", value);
    return buffer;
}

std::string num(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, value == static_cast<long long>(value) ? "%.0f" : "%.4g",
                  value);
    return buffer;
}

// A metric's value as the tables show it: money for costs, plain numbers otherwise.
std::string metric_value(const std::string& name, double value) {
    return name == "cost" || name == "paid" || name == "cost_per_input" ? format_money(value)
                                                                        : num(value);
}

std::string cell(const std::string& text, bool numeric = false) {
    return std::string(numeric ? "<td class=\"n\">" : "<td>") + escape_html(text) + "</td>";
}

void stage_table(std::ostream& out, const std::vector<StageRunRecord>& stages) {
    out << "<table class=\"stages\"><tr><th>stage</th><th>kind</th><th>status</th><th>in</th>"
           "<th>kept</th><th>filtered</th><th>errors</th><th>calls</th><th>cache hits</th>"
           "<th>tokens in</th><th>tokens out</th><th>cost</th><th>paid</th><th>p50</th>"
           "<th>p95</th></tr>\n";
    for (const auto& s : stages) {
        const auto& c = s.counters;
        out << "<tr>" << cell(s.stage) << cell(s.kind)
            << cell(s.reused_from ? "reused from run " + std::to_string(*s.reused_from) : s.status)
            << cell(num(c.items_in), true) << cell(num(c.kept), true) << cell(num(c.filtered), true)
            << cell(num(c.errors), true) << cell(num(c.calls), true)
            << cell(num(c.cache_hits), true) << cell(num(c.tokens_in), true)
            << cell(num(c.tokens_out), true) << cell(format_money(c.cost + c.saved_cost), true)
            << cell(format_money(c.cost), true) << cell(ms(c.latency_p50_ms), true)
            << cell(ms(c.latency_p95_ms), true) << "</tr>\n";
    }
    out << "</table>\n";
}

void charts(std::ostream& out, const std::vector<StageRunRecord>& stages) {
    std::vector<std::string> names;
    SvgChart::Series kept{"kept", "#4c9f70", {}}, filtered{"filtered", "#e0a030", {}},
        errors{"errors", "#c8453b", {}}, cost{"cost", "#4a78b5", {}};
    for (const auto& s : stages) {
        names.push_back(s.stage);
        kept.values.push_back(static_cast<double>(s.counters.kept));
        filtered.values.push_back(static_cast<double>(s.counters.filtered));
        errors.values.push_back(static_cast<double>(s.counters.errors));
        cost.values.push_back(s.counters.cost + s.counters.saved_cost);
    }
    SvgChart items("Items per stage: kept / filtered / errors", names);
    items.set_stacked(true);
    items.add_series(kept);
    items.add_series(filtered);
    items.add_series(errors);
    SvgChart dollars("Cost per stage (paid + served by the cache)", names);
    dollars.set_format(format_money);
    dollars.add_series(cost);
    out << "<div class=\"charts\">" << items.svg() << dollars.svg() << "</div>\n";
}

void filtered_section(std::ostream& out, RunReader& reader, std::int64_t run_id,
                      const std::vector<StageRunRecord>& stages, int max_per_stage) {
    out << "<h2>Filtered items</h2>\n";
    bool any = false;
    for (const auto& s : stages) {
        if (s.counters.filtered == 0) continue;
        any = true;
        const auto items =
            reader.items(run_id, s.stage, {ItemStatus::Filtered, ""}, 0, max_per_stage);
        out << "<h3>" << escape_html(s.stage) << " (" << s.counters.filtered << " filtered)</h3>\n"
            << "<table class=\"filtered\"><tr><th>key</th><th>reason</th><th>scores</th></tr>\n";
        for (const auto& item : items)
            out << "<tr>" << cell(item.key) << cell(item.reason) << "<td><code>"
                << escape_html(item.scores.dump()) << "</code></td></tr>\n";
        out << "</table>\n";
        if (s.counters.filtered > static_cast<std::int64_t>(items.size()))
            out << "<p class=\"muted\">and " << s.counters.filtered - items.size()
                << " more.</p>\n";
    }
    if (!any) out << "<p class=\"muted\">No gate filtered anything in this run.</p>\n";
}

void comparison_section(std::ostream& out, const RunComparison& cmp) {
    out << "<h2>Comparison: run " << cmp.run_a().id << " (A) vs run " << cmp.run_b().id
        << " (B)</h2>\n<p>Replies: A " << escape_html(reply_sources_text(cmp.run_a())) << ", B "
        << escape_html(reply_sources_text(cmp.run_b())) << ".</p>\n<p class=\"verdict\">"
        << escape_html(cmp.verdict()) << "</p>\n"
        << "<table class=\"comparison\"><tr><th>stage</th><th>metric</th><th>A</th><th>B</th>"
           "<th>delta</th><th>%</th><th>better</th></tr>\n";
    std::vector<std::string> names;
    SvgChart::Series a{"A: run " + std::to_string(cmp.run_a().id), "#8a8fd1", {}};
    SvgChart::Series b{"B: run " + std::to_string(cmp.run_b().id), "#d18a8a", {}};
    for (const auto& row : cmp.stages()) {
        const char* presence = row.presence == StageComparison::Presence::OnlyA   ? " (removed)"
                               : row.presence == StageComparison::Presence::OnlyB ? " (added)"
                                                                                  : "";
        names.push_back(row.stage + presence);
        for (const auto& m : row.metrics) {
            if (m.name == "cost") {
                a.values.push_back(m.a);
                b.values.push_back(m.b);
            }
            if (m.name != "kept" && m.name != "cost" && m.name != "tokens_in") continue;
            char pct[32] = "-";
            if (m.percent) std::snprintf(pct, sizeof pct, "%+.1f%%", *m.percent);
            out << "<tr>" << cell(row.stage + presence) << cell(m.name)
                << cell(metric_value(m.name, m.a), true) << cell(metric_value(m.name, m.b), true)
                << cell(metric_value(m.name, m.abs), true) << cell(pct, true)
                << "<td class=\"better\">" << to_string(m.better) << "</td></tr>\n";
        }
    }
    out << "</table>\n<table class=\"totals\"><tr><th>total</th><th>A</th><th>B</th>"
           "<th>%</th><th>better</th></tr>\n";
    for (const auto& m : cmp.total_metrics()) {
        char pct[32] = "-";
        if (m.percent) std::snprintf(pct, sizeof pct, "%+.1f%%", *m.percent);
        out << "<tr>" << cell(m.name) << cell(metric_value(m.name, m.a), true)
            << cell(metric_value(m.name, m.b), true) << cell(pct, true) << "<td class=\"better\">"
            << to_string(m.better) << "</td></tr>\n";
    }
    out << "</table>\n";
    SvgChart chart("Cost per stage, A vs B", names);
    chart.set_format(format_money);
    chart.add_series(a);
    chart.add_series(b);
    out << chart.svg();
}

}  // namespace

std::string ReportExporter::html(RunReader& reader, std::int64_t run_id,
                                 const ReportOptions& options) {
    const auto run = reader.run(run_id);
    if (!run) throw Error("no run " + std::to_string(run_id));
    const auto stages = reader.stages(run_id);
    const std::string title = run->project + ": run " + std::to_string(run_id) +
                              (run->variant.empty() ? "" : " (variant " + run->variant + ")");
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
        << escape_html(title) << "</title>\n<style>" << kStyle << "</style></head><body>\n"
        << "<h1>" << escape_html(title) << "</h1>\n<p>" << escape_html(run->status)
        << (run->message.empty() ? "" : ": " + escape_html(run->message)) << ". Started "
        << escape_html(run->started_at) << ", finished " << escape_html(run->finished_at)
        << ".</p>\n<p>" << run->inputs << " inputs, " << run->final_kept
        << " items kept by the last stage; " << run->tokens_in << " tokens in, " << run->tokens_out
        << " out; " << format_money(run->cost) << " paid, " << format_money(run->saved_cost)
        << " served by the cache. Replies: " << escape_html(reply_sources_text(*run)) << ".</p>\n";
    // A run made from recordings says so before anything else is read as a model's output.
    if (run->recorded_calls > 0)
        out << "<p class=\"verdict\">Made from recordings: " << run->recorded_calls << " of "
            << run->calls << " calls were answered from the project's recordings/ (example "
            << "replies, not live model output).</p>\n";
    if (run->imported_calls > 0)
        out << "<p>" << run->imported_calls << " of " << run->calls
            << " calls were answered from an imported file.</p>\n";
    out << "<h2>Stages</h2>\n";
    stage_table(out, stages);
    charts(out, stages);
    filtered_section(out, reader, run_id, stages, options.max_filtered_per_stage);
    if (options.comparison) comparison_section(out, *options.comparison);
    out << "<p class=\"muted\">Generated by Cascade Workbench.</p>\n</body></html>\n";
    return out.str();
}

void ReportExporter::write(RunReader& reader, std::int64_t run_id, const std::filesystem::path& out,
                           const ReportOptions& options) {
    const std::string text = html(reader, run_id, options);
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    if (!file) throw Error("cannot write " + out.string());
    file << text;
}

}  // namespace cascade
