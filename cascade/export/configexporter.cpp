#include "cascade/export/configexporter.h"

#include <fstream>

#include "cascade/core/error.h"
#include "cascade/project/projectloader.h"
#include "cascade/store/runreader.h"

namespace cascade {

namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + path.string());
    out << text;
    if (!out) throw Error("cannot write " + path.string());
}

}  // namespace

ExportedConfig ConfigExporter::from_run(RunReader& reader, std::int64_t run_id) {
    const auto run = reader.run(run_id);
    if (!run) throw Error("no run " + std::to_string(run_id));
    ExportedConfig out;
    out.document = ProjectLoader::strip_secrets(run->config);
    // The loader fills these in when the file leaves them out; an export stays as written.
    for (const char* key : {"embedders", "corpora"})
        if (out.document.contains(key) && out.document[key].empty()) out.document.erase(key);
    Json stages = Json::array();
    for (const auto& s : reader.stages(run_id))
        stages.push_back({{"stage", s.stage},
                          {"kind", s.kind},
                          {"fingerprint", s.fingerprint},
                          {"items_in", s.counters.items_in},
                          {"kept", s.counters.kept},
                          {"filtered", s.counters.filtered},
                          {"errors", s.counters.errors},
                          {"cost", s.counters.cost + s.counters.saved_cost}});
    out.provenance = {{"source", "run"},
                      {"run", run->id},
                      {"project", run->project},
                      {"variant", run->variant},
                      {"status", run->status},
                      {"started_at", run->started_at},
                      {"finished_at", run->finished_at},
                      {"options", run->options},
                      {"totals",
                       {{"inputs", run->inputs},
                        {"kept", run->final_kept},
                        {"tokens_in", run->tokens_in},
                        {"tokens_out", run->tokens_out},
                        {"cost_paid", run->cost},
                        {"cost_saved_by_cache", run->saved_cost}}},
                      {"stages", std::move(stages)},
                      {"exported_at", utc_now_iso()}};
    return out;
}

ExportedConfig ConfigExporter::from_project(const Project& project, const std::string& variant) {
    Diagnostics diagnostics;
    ExportedConfig out;
    out.document = ProjectLoader::apply_variant(project.document, variant, diagnostics);
    if (diagnostics.has_errors()) throw Error(diagnostics.format_errors());
    if (!variant.empty()) out.document.erase("variants");
    out.document = ProjectLoader::strip_secrets(std::move(out.document));
    out.provenance = {{"source", "project"},
                      {"project", project.name},
                      {"folder", project.dir.string()},
                      {"variant", variant},
                      {"exported_at", utc_now_iso()}};
    return out;
}

std::filesystem::path ConfigExporter::provenance_path(const std::filesystem::path& out) {
    auto path = out;
    path.replace_extension(".provenance.json");
    return path;
}

std::filesystem::path ConfigExporter::write(const ExportedConfig& config,
                                            const std::filesystem::path& out) {
    write_text(out, config.document.dump(2) + "\n");
    const auto side = provenance_path(out);
    write_text(side, config.provenance.dump(2) + "\n");
    return side;
}

}  // namespace cascade
