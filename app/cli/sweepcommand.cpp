// cascade sweep PROJECT RUN --stage S [--param P] [--from a --to b --step c]
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "cascade/compare/thresholdsweep.h"
#include "cascade/store/runreader.h"
#include "textable.h"
#include "tunecommands.h"

namespace cascade::cli {

namespace {

struct SweepArgs {
    std::string dir;
    std::int64_t run_id = 0;
    std::string stage;
    std::string param;
    std::optional<double> from, to, step;
};

constexpr int kBarWidth = 30;

std::string fixed(double value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string ratio(const std::optional<double>& value) {
    return value ? fixed(*value, 2) : "-";
}

// Enough decimals to tell the step's values apart.
int decimals_for(double step) {
    int decimals = 0;
    while (decimals < 6 && std::fabs(step * std::pow(10.0, decimals) -
                                     std::round(step * std::pow(10.0, decimals))) > 1e-9)
        ++decimals;
    return decimals;
}

int sweep_command(const Engine& engine, const SweepArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    const auto run_id = resolve_run(*project, args.run_id);
    if (!run_id) return 1;
    RunReader reader(project->store_path().string());
    const auto sweep = ThresholdSweep::load(engine.registry(), reader, run_id, args.stage);
    const ThresholdSpec& spec = sweep.spec(args.param);
    const auto current = sweep.current(spec.param);
    const auto points = sweep.sweep(spec.param, args.from, args.to, args.step);
    const int decimals = decimals_for(args.step.value_or(spec.step));

    std::cout << args.stage << "." << spec.param << " (" << spec.label << ") in run " << run_id
              << ": " << sweep.items().size() << " items, current "
              << (current ? fixed(*current, decimals) : std::string("default")) << ", "
              << sweep.labelled() << " labelled\n";
    const bool labels = sweep.labelled() > 0;
    std::vector<std::string> headers = {"value", "kept", "filtered"};
    if (labels) headers.insert(headers.end(), {"precision", "recall", "agreement"});
    headers.push_back("kept, as a bar");
    TextTable table(headers);
    std::int64_t most = 1;
    for (const auto& p : points) most = std::max(most, p.kept + p.filtered);
    // The row closest to the current value is marked.
    std::size_t marked = points.size();
    if (current) {
        double best = 1e300;
        for (std::size_t i = 0; i < points.size(); ++i)
            if (std::fabs(points[i].value - *current) < best) {
                best = std::fabs(points[i].value - *current);
                marked = i;
            }
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        const int filled = static_cast<int>(std::lround(double(p.kept) / double(most) * kBarWidth));
        std::string bar;
        for (int k = 0; k < kBarWidth; ++k) bar += k < filled ? "█" : "·";
        std::vector<std::string> row = {fixed(p.value, decimals) + (i == marked ? " ◀" : ""),
                                        std::to_string(p.kept), std::to_string(p.filtered)};
        if (labels)
            row.insert(row.end(), {ratio(p.precision), ratio(p.recall), ratio(p.agreement)});
        row.push_back(bar);
        table.add_row(row);
    }
    table.print(std::cout);
    if (current) std::cout << "◀ the value run " << run_id << " used\n";
    if (labels)
        std::cout << "precision/recall of \"filtered\" against the review labels of " << args.stage
                  << "\n";
    return 0;
}

}  // namespace

void add_sweep_command(CLI::App& app, const Engine& engine, int& exit_code) {
    auto args = std::make_shared<SweepArgs>();
    auto* cmd = app.add_subcommand(
        "sweep", "Kept count (and agreement with review labels) of a gate over a threshold range");
    cmd->add_option("PROJECT", args->dir, "project folder")->required();
    cmd->add_option("RUN", args->run_id, "run id (default: the latest)");
    cmd->add_option("--stage", args->stage, "the gate stage")->required();
    cmd->add_option("--param", args->param, "the threshold (default: the stage kind's first)");
    cmd->add_option("--from", args->from, "first value (default: the threshold's minimum)");
    cmd->add_option("--to", args->to, "last value (default: its maximum)");
    cmd->add_option("--step", args->step, "step (default: the threshold's step)");
    cmd->callback([&engine, &exit_code, args] { exit_code = sweep_command(engine, *args); });
}

}  // namespace cascade::cli
