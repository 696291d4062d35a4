// cascade: the headless command line of Cascade Workbench.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cascade/core/error.h"
#include "commands.h"
#include "datacommands.h"
#include "tunecommands.h"

using namespace cascade;
using namespace cascade::cli;

namespace {

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text + ",") {
        if (c == ',') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else if (c != ' ') {
            current += c;
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"cascade: run, inspect and tune cascaded LLM pipelines (Cascade Workbench " +
                 Engine::version() + ")"};
    app.require_subcommand(1);
    app.set_version_flag("--version", Engine::version());
    int exit_code = 0;
    Engine engine;

    std::string dir, variant;
    auto* validate = app.add_subcommand("validate", "Check a project folder and report every problem");
    validate->add_option("PROJECT", dir, "project folder")->required();
    validate->add_option("--variant", variant, "validate with this variant applied");
    validate->callback([&] { exit_code = validate_command(engine, dir, variant); });

    RunArgs run_args;
    std::string stages;
    auto* run = app.add_subcommand("run", "Run a project's pipeline");
    run->add_option("PROJECT", run_args.dir, "project folder")->required();
    run->add_option("--variant", run_args.variant, "apply a named variant");
    run->add_option("--stages", stages, "execute only these stages (comma separated), reusing earlier ones");
    run->add_option("--from", run_args.options.rerun_from, "re-execute this stage and every later one");
    run->add_option("--limit", run_args.options.limit, "only the first N inputs")->check(CLI::PositiveNumber);
    auto* offline =
        run->add_flag("--offline", run_args.options.offline,
                      "serve every call from the cache and recordings; never call a model");
    run->add_flag(
        "--replay", run_args.options.replay,
        "serve recorded replies (recordings/) where they exist; call the model for the rest");
    run->add_flag("--refresh", run_args.options.refresh,
                  "send every call again (no reuse, no cache hits) and overwrite the cache")
        ->excludes(offline);
    run->add_option("--concurrency", run_args.options.concurrency, "override every model's max_concurrency")
        ->check(CLI::PositiveNumber);
    run->add_flag("--no-reuse", [&](std::int64_t) { run_args.options.reuse = false; },
                  "execute every stage even when an identical one finished before");
    run->add_flag("--quiet", run_args.quiet, "print only errors and the final table");
    bool estimate_only = false;
    run->add_flag("--estimate", estimate_only, "print the estimated calls, tokens and cost, and exit");
    run->callback([&] {
        run_args.options.stages = split_commas(stages);
        exit_code = estimate_only ? estimate_command(engine, run_args) : run_command(engine, run_args);
    });

    auto* runs = app.add_subcommand("runs", "List a project's runs");
    runs->add_option("PROJECT", dir, "project folder")->required();
    runs->callback([&] { exit_code = runs_command(engine, dir); });

    ShowArgs show_args;
    auto* show = app.add_subcommand("show", "Show a run's stages, or one stage's items");
    show->add_option("PROJECT", show_args.dir, "project folder")->required();
    show->add_option("RUN", show_args.run_id, "run id (default: the latest)");
    show->add_option("--stage", show_args.stage, "list this stage's items");
    show->add_option("--status", show_args.status, "kept, filtered or error");
    show->add_option("--text", show_args.text, "only items containing this text");
    show->add_option("--limit", show_args.limit, "at most N items (default 50)");
    show->add_flag("--json", show_args.json, "one JSON object per item");
    show->callback([&] { exit_code = show_command(engine, show_args); });

    auto* recordings = app.add_subcommand("recordings", "Import or export recorded LLM responses");
    recordings->require_subcommand(1);
    std::int64_t run_id = 0;
    std::string out;
    auto* rec_export = recordings->add_subcommand("export", "Write a run's calls as recordings JSONL");
    rec_export->add_option("PROJECT", dir, "project folder")->required();
    rec_export->add_option("RUN", run_id, "run id (default: the latest)");
    rec_export->add_option("--out", out, "output .jsonl file")->required();
    rec_export->callback([&] { exit_code = recordings_export_command(engine, dir, run_id, out); });
    auto* rec_import = recordings->add_subcommand("import", "Load recordings/*.jsonl into the cache");
    rec_import->add_option("PROJECT", dir, "project folder")->required();
    rec_import->callback([&] { exit_code = recordings_import_command(engine, dir); });

    add_compare_command(app, engine, exit_code);
    add_sweep_command(app, engine, exit_code);
    add_estimate_command(app, engine, exit_code);
    add_export_command(app, engine, exit_code);
    add_index_command(app, engine, exit_code);
    add_label_command(app, engine, exit_code);
    add_cache_command(app, engine, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: unexpected failure: " << e.what() << "\n";
        return 1;
    }
    return exit_code;
}
