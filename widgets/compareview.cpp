#include "widgets/compareview.h"

#include <QComboBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "cascade/compare/money.h"
#include "cascade/compare/runcomparison.h"
#include "cascade/store/runreader.h"
#include "widgets/backgroundjob.h"
#include "widgets/comparecharts.h"
#include "widgets/compareitemspanel.h"
#include "widgets/comparisonmodel.h"
#include "widgets/displayformat.h"
#include "widgets/workbenchsession.h"

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString runLabel(const cascade::RunRecord& run) {
    QString text = QObject::tr("Run %1").arg(run.id);
    if (!run.variant.empty()) text += QStringLiteral(" · ") + qs(run.variant);
    if (run.status != "finished") text += QStringLiteral(" · ") + qs(run.status);
    if (run.recorded_calls > 0 || run.imported_calls > 0)
        text += QStringLiteral(" · ") + qs(cascade::reply_sources_text(run));
    return text + QStringLiteral(" · ") + DisplayFormat::localTime(run.started_at);
}

QStringList groupMetrics(const QString& group) {
    if (group == QLatin1String("Items")) return {"items_in", "kept", "filtered", "errors"};
    if (group == QLatin1String("Calls & tokens"))
        return {"calls", "cache_hits", "tokens_in", "tokens_out"};
    if (group == QLatin1String("Cost")) return {"cost", "paid", "calls", "cache_hits"};
    if (group == QLatin1String("Latency")) return {"latency_p50_ms", "latency_p95_ms", "calls"};
    if (group == QLatin1String("All")) return ComparisonModel::metrics();
    return {"kept", "filtered", "tokens_in", "cost", "latency_p50_ms"};  // Overview
}

}  // namespace

CompareView::CompareView(WorkbenchSession* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new ComparisonModel(this)) {
    pick_a_ = new QComboBox(this);
    pick_b_ = new QComboBox(this);
    for (auto* pick : {pick_a_, pick_b_}) {
        pick->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        pick->setMinimumContentsLength(22);
    }
    auto* swap = new QToolButton(this);
    swap->setText(QStringLiteral("⇄"));
    swap->setToolTip(tr("Swap A and B"));
    group_ = new QComboBox(this);
    group_->addItems(metricGroups());
    group_->setToolTip(tr("Metrics shown in the table"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("A:"), this));
    bar->addWidget(pick_a_);
    bar->addWidget(swap);
    bar->addWidget(new QLabel(tr("B:"), this));
    bar->addWidget(pick_b_);
    bar->addStretch(1);
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(group_);

    verdict_ = new QLabel(this);
    verdict_->setTextFormat(Qt::PlainText);
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = verdict_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    verdict_->setFont(bold);
    totals_ = new QLabel(this);
    totals_->setTextFormat(Qt::PlainText);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    charts_ = new CompareCharts(model_, this);
    auto* stages = new QSplitter(Qt::Vertical, this);
    stages->addWidget(table_);
    stages->addWidget(charts_);
    stages->setStretchFactor(0, 2);
    stages->setStretchFactor(1, 3);
    items_ = new CompareItemsPanel(session_, this);
    tabs_ = new QTabWidget(this);
    tabs_->addTab(stages, tr("Stages"));
    tabs_->addTab(items_, tr("Items"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(verdict_);
    layout->addWidget(totals_);
    layout->addWidget(tabs_, 1);

    connect(pick_a_, &QComboBox::currentIndexChanged, this, &CompareView::onPickerChanged);
    connect(pick_b_, &QComboBox::currentIndexChanged, this, &CompareView::onPickerChanged);
    connect(swap, &QToolButton::clicked, this, &CompareView::swapRuns);
    connect(group_, &QComboBox::currentTextChanged, this, &CompareView::setMetricGroup);
    connect(table_, &QTableView::clicked, this,
            [this](const QModelIndex& index) { items_->setStage(model_->stageAt(index.row())); });
    connect(session_, &WorkbenchSession::projectOpened, this, &CompareView::refresh);
    connect(session_, &WorkbenchSession::runsChanged, this, [this] { fillRunPickers(); });
    connect(session_, &WorkbenchSession::runSelected, this, &CompareView::selectDefaultRuns);
    connect(model_, &QAbstractItemModel::modelReset, this,
            [this] { setMetricGroup(group_->currentText()); });
    setMetricGroup(group_->currentText());
    refresh();
}

CompareView::~CompareView() = default;

QStringList CompareView::metricGroups() {
    return {QStringLiteral("Overview"), QStringLiteral("Items"),   QStringLiteral("Calls & tokens"),
            QStringLiteral("Cost"),     QStringLiteral("Latency"), QStringLiteral("All")};
}

QString CompareView::verdictText() const {
    return verdict_->text();
}
QString CompareView::totalsText() const {
    return totals_->text();
}

void CompareView::setMetricGroup(const QString& group) {
    if (group_->currentText() != group) group_->setCurrentText(group);
    const QStringList shown = groupMetrics(group);
    for (int column = 1; column < model_->columnCount(); ++column)
        table_->setColumnHidden(column, !shown.contains(ComparisonModel::metricOfColumn(column)));
}

void CompareView::refresh() {
    fillRunPickers();
    selectDefaultRuns();
}

void CompareView::fillRunPickers() {
    std::vector<cascade::RunRecord> runs;
    if (session_->hasProject() && QFileInfo::exists(session_->storePath())) {
        try {
            runs = cascade::RunReader(session_->storePath().toStdString()).runs();
        } catch (const std::exception& e) {
            verdict_->setText(tr("Could not read the runs: %1").arg(QString::fromUtf8(e.what())));
        }
    }
    for (auto* pick : {pick_a_, pick_b_}) {
        const QSignalBlocker block(pick);
        const qint64 keep = pick == pick_a_ ? run_a_ : run_b_;
        pick->clear();
        for (const auto& run : runs)
            pick->addItem(runLabel(run), QVariant::fromValue<qint64>(run.id));
        pick->setCurrentIndex(pick->findData(QVariant::fromValue<qint64>(keep)));
    }
}

void CompareView::selectDefaultRuns() {
    // Runs are listed newest first: B is the current run, A the one just before it.
    const qint64 current = session_->currentRun();
    // A run selected as it starts may not be listed yet.
    if (current > 0 && pick_b_->findData(QVariant::fromValue<qint64>(current)) < 0)
        fillRunPickers();
    int b = pick_b_->findData(QVariant::fromValue<qint64>(current));
    if (b < 0) b = pick_b_->count() > 0 ? 0 : -1;
    const int a = b >= 0 && b + 1 < pick_a_->count() ? b + 1 : b;
    setRuns(a >= 0 ? pick_a_->itemData(a).toLongLong() : 0,
            b >= 0 ? pick_b_->itemData(b).toLongLong() : 0);
}

void CompareView::setRuns(qint64 run_a, qint64 run_b) {
    for (auto [pick, id] : {std::pair{pick_a_, run_a}, std::pair{pick_b_, run_b}}) {
        const QSignalBlocker block(pick);
        pick->setCurrentIndex(pick->findData(QVariant::fromValue<qint64>(id)));
    }
    if (run_a == run_a_ && run_b == run_b_ && comparison_) return;
    run_a_ = run_a;
    run_b_ = run_b;
    emit comparedRunsChanged(run_a_, run_b_);
    compute();
}

void CompareView::swapRuns() {
    setRuns(run_b_, run_a_);
}

void CompareView::onPickerChanged() {
    setRuns(pick_a_->currentData().toLongLong(), pick_b_->currentData().toLongLong());
}

void CompareView::compute() {
    const quint64 generation = ++generation_;
    if (run_a_ <= 0 || run_b_ <= 0 || !session_->hasProject()) {
        busy_ = false;
        showComparison(nullptr);
        verdict_->setText(session_->hasProject() ? tr("Run the pipeline twice to compare two runs.")
                                                 : tr("Open a project to compare its runs."));
        emit comparisonReady();
        return;
    }
    busy_ = true;
    verdict_->setText(tr("Comparing run %1 with run %2…").arg(run_a_).arg(run_b_));
    BackgroundJob::start(
        this,
        [path = session_->storePath().toStdString(), a = run_a_, b = run_b_] {
            cascade::RunReader reader(path);
            return std::make_shared<const cascade::RunComparison>(reader, a, b);
        },
        [this, generation](std::optional<std::shared_ptr<const cascade::RunComparison>> result,
                           const QString& error) {
            if (generation != generation_) return;
            busy_ = false;
            showComparison(result ? *result : nullptr);
            if (!result) verdict_->setText(tr("Could not compare: %1").arg(error));
            emit comparisonReady();
        });
}

void CompareView::showComparison(std::shared_ptr<const cascade::RunComparison> comparison) {
    comparison_ = std::move(comparison);
    model_->setComparison(comparison_);
    if (!comparison_) {
        totals_->clear();
        items_->clear();
        return;
    }
    verdict_->setText(run_a_ == run_b_
                          ? tr("A and B are the same run: pick another run to compare with.")
                          : qs(comparison_->verdict()));
    const auto& a = comparison_->totals_a();
    const auto& b = comparison_->totals_b();
    // A side made from recordings says so: its outputs are example replies, not a model's.
    const auto side = [](const char* name, const cascade::RunRecord& run,
                         const cascade::RunTotals& t) {
        return tr("%1 (run %2): %3 per input · %4 kept per input · %5 inputs · %6 paid · "
                  "replies: %7")
            .arg(QLatin1String(name))
            .arg(run.id)
            .arg(qs(cascade::format_money(t.cost_per_input)))
            .arg(t.kept_per_input, 0, 'f', 2)
            .arg(t.inputs)
            .arg(qs(cascade::format_money(t.paid)))
            .arg(qs(cascade::reply_sources_text(run)));
    };
    totals_->setText(side("A", comparison_->run_a(), a) + QLatin1Char('\n') +
                     side("B", comparison_->run_b(), b));
    QStringList stages;
    for (int row = 0; row < model_->rowCount(); ++row) stages << model_->stageAt(row);
    items_->setRuns(run_a_, run_b_, stages, session_->currentStage());
}
