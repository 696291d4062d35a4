#pragma once

#include <QString>

#include <optional>
#include <string>

#include "cascade/project/project.h"
#include "widgets/exportdialog.h"

// One export as plain values, copied from the dialog when it starts so that the dialog may
// change while a worker thread writes.
struct ExportRequest {
    ExportDialog::Kind kind = ExportDialog::RunConfig;
    std::string store_path;
    qint64 run_id = 0;
    std::string stage;
    std::string out;
    std::optional<cascade::Project> project;  // ProjectConfig only
    std::string variant;                      // baked into a ProjectConfig
    bool unsaved_files = false;               // prompt file edits the config cannot carry
    qint64 compare_a = 0;                     // Report: include this comparison when both > 0
    qint64 compare_b = 0;
    bool labelled_only = false;  // Dataset
};

// Writes the export through the engine's exporters and says what it wrote. Runs on a worker
// thread; throws (cascade::Error, std::filesystem::filesystem_error) when it cannot write.
QString runExport(const ExportRequest& request);
