// `cascade index PROJECT [--corpus NAME]`: generates corpora from their recipes and builds (or
// checks) their HNSW indexes ahead of a run, with progress, so the first run does not pay it.
#include <cstdio>
#include <iostream>
#include <string>

#include "cascade/engine/projectresources.h"
#include "cascade/index/corpusindex.h"
#include "progressprinter.h"
#include "tunecommands.h"

namespace cascade::cli {

namespace {

int index_command(const Engine& engine, const std::string& dir, const std::string& only) {
    const auto project = open_or_report(engine, dir, {});
    if (!project) return 1;
    if (project->corpora.empty()) {
        std::cout << project->name << " has no corpora.\n";
        return 0;
    }
    RunContext context;
    ProgressPrinter printer(false);
    ProjectResources resources(*project, context, &printer);
    for (const auto& [name, corpus] : project->corpora) {
        if (!only.empty() && name != only) continue;
        // How it was built (or why rebuilt) is printed as a note by the resources.
        const auto& index = resources.corpus_index(name);
        std::printf("%s: %zu terms, %d dims, %s in %.1f s (%s)\n", name.c_str(), index.size(),
                    index.dims(), index.status().built ? "built" : "loaded", index.status().seconds,
                    index.status().path.c_str());
    }
    return 0;
}

}  // namespace

void add_index_command(CLI::App& app, const Engine& engine, int& exit_code) {
    static std::string dir, corpus;
    auto* command = app.add_subcommand("index", "Generate corpora and build their HNSW indexes");
    command->add_option("PROJECT", dir, "project folder")->required();
    command->add_option("--corpus", corpus, "only this corpus");
    command->callback([&] { exit_code = index_command(engine, dir, corpus); });
}

}  // namespace cascade::cli
