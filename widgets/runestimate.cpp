#include "widgets/runestimate.h"

#include <filesystem>
#include <memory>

#include "cascade/compare/money.h"
#include "cascade/engine/recordings.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "widgets/backgroundjob.h"
#include "widgets/displayformat.h"

namespace RunEstimate {

namespace {

QString money(double dollars) {
    return QString::fromStdString(cascade::format_money(dollars));
}

// The reader the estimator looks runs and cache entries up in; null when there is no store.
std::unique_ptr<cascade::RunReader> openStore(const cascade::Project& project) {
    const auto path = project.store_path();
    if (!std::filesystem::exists(path) &&
        !std::filesystem::is_directory(project.dir / "recordings"))
        return nullptr;
    {
        cascade::RunStore store(path.string());
        cascade::Recordings::import_project(project, store);
    }
    return std::make_unique<cascade::RunReader>(path.string());
}

}  // namespace

cascade::CostEstimate estimate(const cascade::Project& project, int limit) {
    const auto reader = openStore(project);
    cascade::EstimateOptions options;
    options.limit = limit;
    return cascade::CostEstimator(project, reader.get()).estimate(options);
}

cascade::EstimateVsActual versus(const cascade::Project& project, qint64 run_id) {
    const auto reader = openStore(project);
    if (!reader) throw std::runtime_error("the project has no runs yet");
    return cascade::CostEstimator(project, reader.get()).compare(run_id);
}

QString tooltipHtml(const cascade::CostEstimate& e) {
    const double cached = e.cost > 0.0 ? 1.0 - e.cost_to_pay / e.cost : 0.0;
    QString html =
        QObject::tr(
            "<b>Estimate</b> for %1 inputs: %2 calls · %3 → %4 tokens · %5 "
            "(%6 to pay, %7% cached)")
            .arg(e.inputs)
            .arg(qRound64(e.calls))
            .arg(DisplayFormat::tokens(qRound64(e.tokens_in)),
                 DisplayFormat::tokens(qRound64(e.tokens_out)), money(e.cost), money(e.cost_to_pay))
            .arg(qRound(cached * 100.0));
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    for (const auto& s : e.stages) {
        if (s.model.empty()) continue;  // no calls, nothing to pay
        html += QStringLiteral(
                    "<tr><td>%1</td><td align=\"right\">%2 calls</td>"
                    "<td align=\"right\">%3</td><td align=\"right\">%4% cached</td></tr>")
                    .arg(QString::fromStdString(s.stage).toHtmlEscaped())
                    .arg(qRound64(s.calls))
                    .arg(money(s.cost))
                    .arg(qRound(s.cached_share * 100.0));
    }
    html += QStringLiteral("</table>");
    if (e.reference_run)
        html += QObject::tr("Fan-out and usage from run %1.").arg(*e.reference_run);
    return html;
}

void tooltipAsync(QObject* context, const cascade::Project& project,
                  std::function<void(const QString& html)> done) {
    BackgroundJob::start(
        context, [project] { return estimate(project); },
        [done = std::move(done)](std::optional<cascade::CostEstimate> e, const QString& error) {
            done(e ? tooltipHtml(*e) : QObject::tr("No estimate: %1").arg(error));
        });
}

}  // namespace RunEstimate
