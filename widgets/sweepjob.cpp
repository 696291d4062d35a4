#include "widgets/sweepjob.h"

#include <QCoreApplication>
#include <QFileInfo>

#include "cascade/store/runreader.h"
#include "widgets/workbenchsession.h"

namespace SweepJob {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("SweepView", text);
}

}  // namespace

QString check(const WorkbenchSession& session, qint64 run_id, const QString& stage, qint64* count) {
    if (!session.hasProject() || run_id <= 0 || stage.isEmpty() ||
        !QFileInfo::exists(session.storePath()))
        return tr("Select a gate stage of a run to sweep its threshold.");
    try {
        cascade::RunReader reader(session.storePath().toStdString());
        std::string kind;
        for (const auto& s : reader.stages(run_id))
            if (s.stage == stage.toStdString()) kind = s.kind;
        if (kind.empty()) return tr("Run %1 has no stage %2.").arg(run_id).arg(stage);
        const auto* k = session.engine().registry().find(kind);
        if (!k || k->thresholds.empty())
            return tr("%1 is a %2 stage: it has no threshold to sweep. Pick a gate (dedup, "
                      "judge, rerank) or a retrieve stage.")
                .arg(stage, QString::fromStdString(kind));
        *count = reader.count_items(run_id, stage.toStdString());
    } catch (const std::exception& e) {
        return tr("Could not read the stage: %1").arg(QString::fromUtf8(e.what()));
    }
    return {};
}

Loaded load(const cascade::StageRegistry& registry, const std::string& store_path, qint64 run_id,
            const std::string& stage, const QString& preferred) {
    cascade::RunReader reader(store_path);
    Loaded out;
    out.sweep = std::make_shared<const cascade::ThresholdSweep>(
        cascade::ThresholdSweep::load(registry, reader, run_id, stage));
    out.param = QString::fromStdString(out.sweep->spec().param);
    for (const auto& spec : out.sweep->thresholds())
        if (QString::fromStdString(spec.param) == preferred) out.param = preferred;
    out.points = out.sweep->sweep(out.param.toStdString());
    return out;
}

}  // namespace SweepJob
