// cascade cache list|clear|import: the response cache, by stage, model and source.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cascade/core/error.h"
#include "cascade/engine/recordings.h"
#include "cascade/store/cachecatalog.h"
#include "cascade/store/runstore.h"
#include "commands.h"
#include "datacommands.h"
#include "textable.h"

namespace cascade::cli {

namespace {

struct CacheArgs {
    std::string dir;
    std::string stage;
    std::string model;
    std::string source;
    std::string file;
    std::int64_t limit = 50;
    bool all = false;
};

CacheFilter filter_of(const CacheArgs& args) {
    CacheFilter filter;
    filter.stage = args.stage;
    filter.model = args.model;
    if (!args.source.empty()) filter.source = reply_source_from_string(args.source);
    return filter;
}

// One line of reply text, cut to fit a table cell.
std::string preview(const std::string& text, std::size_t width) {
    std::string line;
    for (char c : text) line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (line.size() <= width) return line;
    std::size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return line.substr(0, cut) + "…";
}

int list_cache(const Engine& engine, const CacheArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    if (!std::filesystem::exists(project->store_path())) {
        std::cout << "The cache is empty (no run store yet).\n";
        return 0;
    }
    CacheCatalog catalog(project->store_path().string());
    const auto filter = filter_of(args);
    TextTable table({"key", "source", "stage", "model", "tokens in/out", "created", "reply"});
    for (const auto& entry : catalog.list(filter, args.limit))
        table.add_row({entry.key.substr(0, 12), to_string(entry.source),
                       entry.stage.empty() ? "-" : entry.stage, entry.model,
                       format_count(entry.tokens_in) + "/" + format_count(entry.tokens_out),
                       entry.created_at.substr(0, 19),
                       entry.rejected.empty() ? preview(entry.text, 48)
                                              : "REJECTED: " + preview(entry.rejected, 38)});
    table.print(std::cout);
    const auto total = catalog.count(filter);
    std::cout << total << " cached replies";
    if (total > args.limit && args.limit >= 0) std::cout << " (showing " << args.limit << ")";
    std::cout << ": " << catalog.count(filter, ReplySource::Live) << " live, "
              << catalog.count(filter, ReplySource::Recorded) << " recorded, "
              << catalog.count(filter, ReplySource::Imported) << " imported\n"
              << "Recorded replies answer only offline and --replay runs; a REJECTED reply is "
                 "replayed offline only.\n";
    return 0;
}

int clear_cache(const Engine& engine, const CacheArgs& args) {
    if (args.stage.empty() && args.model.empty() && args.source.empty() && !args.all) {
        std::cerr << "error: say what to clear: --stage, --model, --source, or --all\n";
        return 2;
    }
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    if (!std::filesystem::exists(project->store_path())) {
        std::cout << "The cache is empty (no run store yet).\n";
        return 0;
    }
    const auto filter = filter_of(args);
    const auto removed = CacheCatalog(project->store_path().string()).clear(filter);
    std::cout << "Removed " << removed << " cached replies\n";
    if (!filter.source || *filter.source == ReplySource::Recorded)
        std::cout << "The project's recordings/ are imported again before the next run.\n";
    return 0;
}

int import_cache(const Engine& engine, const CacheArgs& args) {
    const auto project = open_or_report(engine, args.dir, {});
    if (!project) return 1;
    RunStore store(project->store_path().string());
    const auto result = Recordings::import_file(*project, store, args.file, ReplySource::Imported);
    for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << "\n";
    std::cout << "Imported " << result.imported << " replies from " << args.file << " ("
              << result.known
              << " already cached); live runs are served them, marked "
                 "\"imported\"\n";
    return 0;
}

}  // namespace

void add_cache_command(CLI::App& app, const Engine& engine, int& exit_code) {
    auto* cache = app.add_subcommand(
        "cache", "The response cache: list or clear replies by stage, model or source");
    cache->require_subcommand(1);
    auto args = std::make_shared<CacheArgs>();
    const auto on = [&engine, &exit_code, args](int (*command)(const Engine&, const CacheArgs&)) {
        return [&engine, &exit_code, args, command] { exit_code = command(engine, *args); };
    };
    const auto filters = [args](CLI::App* cmd) {
        cmd->add_option("PROJECT", args->dir, "project folder")->required();
        cmd->add_option("--stage", args->stage, "replies a stage used (or a recording names)");
        cmd->add_option("--model", args->model, "a model alias, or the provider's model id");
        cmd->add_option("--source", args->source, "live, recorded or imported")
            ->check(CLI::IsMember({"live", "recorded", "imported"}));
    };

    auto* list = cache->add_subcommand("list", "List cached replies, newest first");
    filters(list);
    list->add_option("--limit", args->limit, "at most N rows (default 50, -1: all)");
    list->callback(on(list_cache));

    auto* clear = cache->add_subcommand("clear", "Remove cached replies: the next run asks again");
    filters(clear);
    clear->add_flag("--all", args->all, "every cached reply");
    clear->callback(on(clear_cache));

    auto* import = cache->add_subcommand(
        "import",
        "Load replies from a recordings JSONL file (e.g. cascade recordings export) "
        "as \"imported\"");
    import->add_option("PROJECT", args->dir, "project folder")->required();
    import->add_option("FILE", args->file, "the .jsonl file")->required()->check(CLI::ExistingFile);
    import->callback(on(import_cache));
}

}  // namespace cascade::cli
