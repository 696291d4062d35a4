#include "widgets/exportjob.h"

#include <QCoreApplication>

#include <filesystem>

#include "cascade/compare/runcomparison.h"
#include "cascade/export/configexporter.h"
#include "cascade/export/datasetexporter.h"
#include "cascade/export/itemexporter.h"
#include "cascade/export/reportexporter.h"
#include "cascade/store/runreader.h"

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}
QString tr(const char* text) {
    return QCoreApplication::translate("ExportDialog", text);
}

QString writeDataset(cascade::RunReader& reader, const ExportRequest& r, const QString& where) {
    cascade::DatasetOptions options;
    options.labelled_only = r.labelled_only;
    const auto result = cascade::DatasetExporter::write(reader, r.run_id, r.stage, r.out, options);
    QString text =
        tr("Wrote %1 chat examples from %2 to %3").arg(result.lines).arg(qs(r.stage), where);
    if (r.labelled_only)
        text += tr(" (%1 calls not labelled keep left out)").arg(result.skipped_unlabelled);
    if (result.skipped_failed > 0)
        text += tr("; %1 calls without kept items or that failed are not in it")
                    .arg(result.skipped_failed);
    return text;
}

}  // namespace

QString runExport(const ExportRequest& r) {
    if (const auto folder = std::filesystem::path(r.out).parent_path(); !folder.empty())
        std::filesystem::create_directories(folder);
    const QString where = qs(r.out);
    if (r.kind == ExportDialog::ProjectConfig) {
        const auto side = cascade::ConfigExporter::write(
            cascade::ConfigExporter::from_project(*r.project, r.variant), r.out);
        return tr("Wrote the project's config%1 to %2 (provenance in %3)%4")
            .arg(r.variant.empty() ? QString() : tr(" with variant %1 baked in").arg(qs(r.variant)),
                 where, qs(side.string()),
                 r.unsaved_files ? tr(". Unsaved prompt file edits are not in it: save them first.")
                                 : QString());
    }
    cascade::RunReader reader(r.store_path);
    switch (r.kind) {
        case ExportDialog::RunConfig: {
            const auto side = cascade::ConfigExporter::write(
                cascade::ConfigExporter::from_run(reader, r.run_id), r.out);
            return tr("Wrote run %1's config to %2 (provenance in %3)")
                .arg(r.run_id)
                .arg(where, qs(side.string()));
        }
        case ExportDialog::Report: {
            cascade::ReportOptions options;
            std::optional<cascade::RunComparison> comparison;
            if (r.compare_a > 0 && r.compare_b > 0)
                options.comparison = &comparison.emplace(reader, r.compare_a, r.compare_b);
            cascade::ReportExporter::write(reader, r.run_id, r.out, options);
            return tr("Wrote the report of run %1%2 to %3")
                .arg(r.run_id)
                .arg(comparison ? tr(" with the comparison of run %1 and run %2")
                                      .arg(r.compare_a)
                                      .arg(r.compare_b)
                                : QString(),
                     where);
        }
        case ExportDialog::ItemsCsv:
        case ExportDialog::ItemsJson: {
            const auto n =
                r.kind == ExportDialog::ItemsCsv
                    ? cascade::ItemExporter::write_csv(reader, r.run_id, r.stage, r.out)
                    : cascade::ItemExporter::write_json(reader, r.run_id, r.stage, r.out);
            return tr("Wrote %1 items of %2 to %3").arg(n).arg(qs(r.stage), where);
        }
        case ExportDialog::Dataset:
            return writeDataset(reader, r, where);
        case ExportDialog::ProjectConfig:
            break;
    }
    return {};
}
