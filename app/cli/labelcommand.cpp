// cascade label list|set|clear|export|import: the review labels, ground truth per item content.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "cascade/export/labelfile.h"
#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"
#include "commands.h"
#include "datacommands.h"
#include "textable.h"

namespace cascade::cli {

namespace {

struct LabelArgs {
    std::string dir;
    std::int64_t run_id = 0;
    std::string stage;
    std::string key;
    std::string truth;
    std::string note;
    std::string file;
    bool all = false;
};

// The project's store, or nullopt (after an error) when it has none yet.
std::optional<std::string> store_of(const Project& project) {
    if (std::filesystem::exists(project.store_path())) return project.store_path().string();
    std::cerr << "error: " << project.name << " has no run store yet (no "
              << project.store_path().string() << "): run it first\n";
    return std::nullopt;
}

// The item a label is given on: run (latest by default), stage and key must name one.
std::optional<Item> labelled_item(const Project& project, const LabelArgs& args,
                                  std::int64_t& run_id) {
    run_id = resolve_run(project, args.run_id);
    if (!run_id) return std::nullopt;
    RunReader reader(project.store_path().string());
    auto item = reader.item(run_id, args.stage, args.key);
    if (!item)
        std::cerr << "error: run " << run_id << " has no item \"" << args.key << "\" in stage \""
                  << args.stage << "\" (cascade show " << args.dir << " " << run_id << " --stage "
                  << args.stage << " lists them)\n";
    return item;
}

int list_labels(const Engine& engine, const LabelArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    const auto path = store_of(*project);
    if (!path) return 1;
    const auto labels = LabelStore(*path).list(args.stage);
    if (labels.empty()) {
        std::cout << "No labels" << (args.stage.empty() ? "" : " in stage " + args.stage) << ".\n";
        return 0;
    }
    // With a run: what it decided about each labelled content, and whether that was right.
    std::map<std::string, std::map<std::string, ItemStatus>> decided;  // stage -> hash -> status
    std::int64_t run_id = 0;
    if (args.run_id > 0) {
        run_id = resolve_run(*project, args.run_id);
        if (!run_id) return 1;
        RunReader reader(*path);
        for (const auto& label : labels) {
            if (decided.count(label.stage)) continue;
            auto& statuses = decided[label.stage];
            for (const auto& item : reader.items(run_id, label.stage))
                statuses.emplace(LabelStore::content_hash(item.data), item.status);
        }
    }
    std::vector<std::string> headers = {"stage", "item", "label", "note", "updated"};
    if (run_id) headers.insert(headers.end(), {"run " + std::to_string(run_id), "agrees"});
    TextTable table(headers);
    std::map<std::string, std::pair<int, int>> agreement;  // stage -> (agreed, decided)
    for (const auto& label : labels) {
        std::vector<std::string> row = {label.stage, label.item_key, to_string(label.truth),
                                        label.note, label.updated_at.substr(0, 19)};
        if (run_id) {
            const auto& statuses = decided[label.stage];
            const auto it = statuses.find(label.content_hash);
            const auto agrees = it == statuses.end()
                                    ? std::nullopt
                                    : LabelStore::decision_agrees(it->second, label.truth);
            row.push_back(it == statuses.end() ? "-" : to_string(it->second));
            row.push_back(!agrees ? "-" : *agrees ? "yes" : "no");
            if (agrees) {
                agreement[label.stage].first += *agrees ? 1 : 0;
                ++agreement[label.stage].second;
            }
        }
        table.add_row(row);
    }
    table.print(std::cout);
    std::cout << labels.size() << " labels\n";
    for (const auto& [stage, counts] : agreement)
        std::cout << stage << ": run " << run_id << " agrees with " << counts.first << " of "
                  << counts.second << " labelled items it decided\n";
    return 0;
}

int set_label(const Engine& engine, const LabelArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    if (!store_of(*project)) return 1;
    std::int64_t run_id = 0;
    const auto item = labelled_item(*project, args, run_id);
    if (!item) return 1;
    Label label;
    label.stage = args.stage;
    label.content_hash = LabelStore::content_hash(item->data);
    label.truth = truth_from_string(args.truth);
    label.note = args.note;
    label.item_key = item->key;
    label.run_id = run_id;
    LabelStore(project->store_path().string()).set(label);
    std::cout << args.stage << " " << item->key << ": " << to_string(label.truth)
              << (item->status == ItemStatus::Error
                      ? ""
                      : std::string(" (run ") + std::to_string(run_id) + " " +
                            to_string(item->status) + " it: " +
                            (*LabelStore::decision_agrees(item->status, label.truth) ? "right"
                                                                                     : "wrong") +
                            ")")
              << "\n";
    return 0;
}

int clear_labels(const Engine& engine, const LabelArgs& args) {
    if (args.key.empty() == !args.all) {
        std::cerr << "error: give --key K (one item's label) or --all (every label of the "
                     "stage, or of the project without --stage)\n";
        return 2;
    }
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    const auto path = store_of(*project);
    if (!path) return 1;
    LabelStore labels(*path);
    if (args.all) {
        std::cout << "Cleared " << labels.clear_stage(args.stage) << " labels\n";
        return 0;
    }
    // The label of the item's content in the run; else the labels given on that key, whose
    // content may no longer be in any run.
    RunReader reader(*path);
    const auto run_id = resolve_run(*project, args.run_id);
    if (!run_id) return 1;
    int cleared = 0;
    if (const auto item = reader.item(run_id, args.stage, args.key))
        cleared += labels.clear(args.stage, LabelStore::content_hash(item->data)) ? 1 : 0;
    else
        for (const auto& label : labels.list(args.stage))
            if (label.item_key == args.key)
                cleared += labels.clear(label.stage, label.content_hash) ? 1 : 0;
    std::cout << (cleared ? "Cleared the label of " : "No label on ") << args.stage << " "
              << args.key << "\n";
    return 0;
}

int export_labels(const Engine& engine, const LabelArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    const auto path = store_of(*project);
    if (!path) return 1;
    const auto labels = LabelStore(*path).list(args.stage);
    if (args.file.empty() || args.file == "-") {
        LabelFile::write(std::cout, labels);
        return 0;
    }
    std::ofstream out(args.file, std::ios::binary | std::ios::trunc);
    if (!out) {
        std::cerr << "error: cannot write " << args.file << "\n";
        return 1;
    }
    LabelFile::write(out, labels);
    std::cout << "Wrote " << labels.size() << " labels to " << args.file << "\n";
    return 0;
}

int import_labels(const Engine& engine, const LabelArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    std::ifstream in(args.file, std::ios::binary);
    if (!in) {
        std::cerr << "error: cannot read " << args.file << "\n";
        return 1;
    }
    const auto read = LabelFile::read(in, std::filesystem::path(args.file).filename().string());
    for (const auto& error : read.errors) std::cerr << "error: " << error << "\n";
    const auto merged = LabelStore(project->store_path().string()).merge(read.labels);
    std::cout << "Imported " << args.file << ": " << merged.added << " new, " << merged.updated
              << " updated, " << merged.unchanged << " unchanged"
              << (read.errors.empty()
                      ? ""
                      : ", " + std::to_string(read.errors.size()) + " bad lines skipped")
              << "\n";
    return read.errors.empty() ? 0 : 1;
}

}  // namespace

void add_label_command(CLI::App& app, const Engine& engine, int& exit_code) {
    auto* label = app.add_subcommand(
        "label", "Review labels: ground truth (keep or drop) per stage and item content");
    label->require_subcommand(1);
    auto args = std::make_shared<LabelArgs>();
    const auto project = [args](CLI::App* cmd) {
        cmd->add_option("PROJECT", args->dir, "project folder")->required();
    };
    const auto on = [&engine, &exit_code, args](int (*command)(const Engine&, const LabelArgs&)) {
        return [&engine, &exit_code, args, command] { exit_code = command(engine, *args); };
    };

    auto* list = label->add_subcommand("list", "List labels; with --run, what that run decided");
    project(list);
    list->add_option("--stage", args->stage, "only this stage's labels");
    list->add_option("--run", args->run_id, "compare with this run's decisions");
    list->callback(on(list_labels));

    auto* set =
        label->add_subcommand("set", "Label an item of a run: it should be kept or dropped");
    project(set);
    set->add_option("RUN", args->run_id, "the run the item is in (default: the latest)");
    set->add_option("--stage", args->stage, "the item's stage")->required();
    set->add_option("--key", args->key, "the item's key (as cascade show prints it)")->required();
    set->add_option("--truth", args->truth, "keep or drop")
        ->required()
        ->check(CLI::IsMember({"keep", "drop"}));
    set->add_option("--note", args->note, "why (optional)");
    set->callback(on(set_label));

    auto* clear = label->add_subcommand("clear", "Remove one item's label, or --all of a stage");
    project(clear);
    clear->add_option("RUN", args->run_id, "the run the item is in (default: the latest)");
    clear->add_option("--stage", args->stage, "the stage");
    clear->add_option("--key", args->key, "the item's key")->needs("--stage");
    clear->add_flag("--all", args->all, "every label of --stage (of every stage without it)");
    clear->callback(on(clear_labels));

    auto* out = label->add_subcommand("export", "Write labels as JSONL (to share them)");
    project(out);
    out->add_option("--stage", args->stage, "only this stage's labels");
    out->add_option("--out", args->file, "output .jsonl file (default: standard output)");
    out->callback(on(export_labels));

    auto* in = label->add_subcommand("import", "Merge labels from JSONL; the newer label wins");
    project(in);
    in->add_option("FILE", args->file, "a .jsonl file written by cascade label export")->required();
    in->callback(on(import_labels));
}

}  // namespace cascade::cli
