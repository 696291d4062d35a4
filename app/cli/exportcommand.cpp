// cascade export PROJECT [RUN] --config|--report|--dataset S|--csv S|--json S --out FILE
#include <iostream>
#include <memory>
#include <optional>

#include "cascade/compare/runcomparison.h"
#include "cascade/export/configexporter.h"
#include "cascade/export/datasetexporter.h"
#include "cascade/export/itemexporter.h"
#include "cascade/export/reportexporter.h"
#include "cascade/store/runreader.h"
#include "tunecommands.h"

namespace cascade::cli {

namespace {

struct ExportArgs {
    std::string dir;
    std::int64_t run_id = 0;
    bool config = false;
    bool report = false;
    std::string dataset, csv, json;
    std::string out;
    bool labelled_only = false;
    std::int64_t compare_with = 0;
};

int export_command(const Engine& engine, const ExportArgs& args) {
    const int chosen = int(args.config) + int(args.report) + int(!args.dataset.empty()) +
                       int(!args.csv.empty()) + int(!args.json.empty());
    if (chosen != 1) {
        std::cerr << "error: choose one of --config, --report, --dataset, --csv, --json\n";
        return 2;
    }
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    const auto run_id = resolve_run(*project, args.run_id);
    if (!run_id) return 1;
    RunReader reader(project->store_path().string());
    if (args.config) {
        const auto side = ConfigExporter::write(ConfigExporter::from_run(reader, run_id), args.out);
        std::cout << "Wrote run " << run_id << "'s config to " << args.out << " (provenance in "
                  << side.string() << ")\n";
    } else if (args.report) {
        ReportOptions options;
        std::optional<RunComparison> comparison;
        if (args.compare_with > 0) {
            if (!resolve_run(*project, args.compare_with)) return 1;
            comparison.emplace(reader, run_id, args.compare_with);
            options.comparison = &*comparison;
        }
        ReportExporter::write(reader, run_id, args.out, options);
        std::cout << "Wrote the report of run " << run_id << " to " << args.out << "\n";
    } else if (!args.dataset.empty()) {
        DatasetOptions options;
        options.labelled_only = args.labelled_only;
        const auto result = DatasetExporter::write(reader, run_id, args.dataset, args.out, options);
        std::cout << "Wrote " << result.lines << " chat examples from " << args.dataset << " to "
                  << args.out;
        if (args.labelled_only)
            std::cout << " (" << result.skipped_unlabelled << " not labelled keep)";
        std::cout << "\n";
    } else {
        const bool csv = !args.csv.empty();
        const std::string& stage = csv ? args.csv : args.json;
        const auto count = csv ? ItemExporter::write_csv(reader, run_id, stage, args.out)
                               : ItemExporter::write_json(reader, run_id, stage, args.out);
        std::cout << "Wrote " << count << " items of " << stage << " to " << args.out << "\n";
    }
    return 0;
}

}  // namespace

void add_export_command(CLI::App& app, const Engine& engine, int& exit_code) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand("export", "Export a run's config, report, dataset or items");
    cmd->add_option("PROJECT", args->dir, "project folder")->required();
    cmd->add_option("RUN", args->run_id, "run id (default: the latest)");
    cmd->add_flag("--config", args->config, "the run's resolved config as a clean cascade.json");
    cmd->add_flag("--report", args->report, "a self-contained HTML report");
    cmd->add_option("--compare", args->compare_with,
                    "with --report: add a comparison with this run");
    cmd->add_option("--dataset", args->dataset, "a generate stage's kept calls as chat JSONL");
    cmd->add_flag("--labelled-only", args->labelled_only,
                  "with --dataset: only calls whose items are labelled keep");
    cmd->add_option("--csv", args->csv, "a stage's items as CSV");
    cmd->add_option("--json", args->json, "a stage's items as a JSON array");
    cmd->add_option("--out", args->out, "output file")->required();
    cmd->callback([&engine, &exit_code, args] { exit_code = export_command(engine, *args); });
}

}  // namespace cascade::cli
