#pragma once

#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "cascade/compare/thresholdsweep.h"

class WorkbenchSession;

// The sweep view's long work, as functions a worker thread can run: checking that a stage
// can be swept, loading its items into a ThresholdSweep and computing one threshold's curve.
namespace SweepJob {

struct Loaded {
    std::shared_ptr<const cascade::ThresholdSweep> sweep;
    std::vector<cascade::SweepPoint> points;
    QString param;
};

// Quick checks on the GUI thread (two small queries): an empty string when the run's stage is
// a gate with a threshold, with its item count in *count; else why it cannot be swept.
QString check(const WorkbenchSession& session, qint64 run_id, const QString& stage, qint64* count);

// Loads the stage and sweeps `preferred` (the kind's first threshold when it has no such one).
Loaded load(const cascade::StageRegistry& registry, const std::string& store_path, qint64 run_id,
            const std::string& stage, const QString& preferred);

}  // namespace SweepJob
