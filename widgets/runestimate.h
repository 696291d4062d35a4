#pragma once

#include <QObject>
#include <QString>

#include <functional>

#include "cascade/cost/costestimator.h"

// Pre-run cost estimates for the GUI: the same steps as `cascade estimate` (the project's
// recordings are imported into the response cache first, as a run would, so the cache share
// counts them), plus a compact HTML summary for the Run button's tooltip.
namespace RunEstimate {

// Synchronous: call from a worker thread (BackgroundJob). Throws cascade::Error.
cascade::CostEstimate estimate(const cascade::Project& project, int limit = 0);
cascade::EstimateVsActual versus(const cascade::Project& project, qint64 run_id);

// "Estimate: 10 calls · 4.2k → 1.1k tokens · $0.0021 ($0 to pay, 100% cached)" and a small
// per-stage table.
QString tooltipHtml(const cascade::CostEstimate& estimate);

// Computes an estimate on a worker thread and hands tooltipHtml() (or the error) to `done` on
// `context`'s thread, e.g. to set the Run button's tooltip when the project or variant changes.
void tooltipAsync(QObject* context, const cascade::Project& project,
                  std::function<void(const QString& html)> done);

}  // namespace RunEstimate
