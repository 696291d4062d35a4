#include "widgets/estimatedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <variant>

#include "widgets/backgroundjob.h"
#include "widgets/estimatemodel.h"
#include "widgets/runestimate.h"
#include "widgets/workbenchsession.h"

EstimateDialog::EstimateDialog(WorkbenchSession* session, QWidget* parent)
    : QDialog(parent), session_(session), model_(new EstimateModel(this)) {
    setWindowTitle(tr("Cost estimate"));
    mode_ = new QComboBox(this);
    mode_->addItem(tr("Before the next run"), NextRun);
    mode_->addItem(tr("Estimated vs actual (current run)"), VersusActual);
    limit_ = new QSpinBox(this);
    limit_->setRange(0, 100'000'000);
    limit_->setSpecialValueText(tr("all"));
    limit_->setToolTip(tr("Only the first N inputs, like the run's limit"));
    auto* refresh_button = new QPushButton(tr("Refresh"), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(mode_);
    bar->addWidget(new QLabel(tr("Inputs:"), this));
    bar->addWidget(limit_);
    bar->addStretch(1);
    bar->addWidget(refresh_button);
    header_ = new QLabel(this);
    header_->setWordWrap(true);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    footnote_ = new QLabel(tr("~ estimated from an earlier run or assumed; the rest is exact. "
                              "Hover a stage for how its figures were obtained."),
                           this);
    footnote_->setWordWrap(true);
    footnote_->setForegroundRole(QPalette::PlaceholderText);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(header_);
    layout->addWidget(table_, 1);
    layout->addWidget(footnote_);
    layout->addWidget(buttons);
    resize(900, 360);

    connect(mode_, &QComboBox::currentIndexChanged, this, &EstimateDialog::refresh);
    connect(limit_, &QSpinBox::editingFinished, this, &EstimateDialog::refresh);
    connect(refresh_button, &QPushButton::clicked, this, &EstimateDialog::refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(session_, &WorkbenchSession::projectOpened, this, &EstimateDialog::refresh);
    connect(session_, &WorkbenchSession::runSelected, this, [this] {
        if (mode() == VersusActual) refresh();
    });
    refresh();
}

EstimateDialog::Mode EstimateDialog::mode() const {
    return static_cast<Mode>(mode_->currentData().toInt());
}

QString EstimateDialog::headerText() const {
    return header_->text();
}

QString EstimateDialog::tooltipText() const {
    return model_->rowCount() > 0 ? RunEstimate::tooltipHtml(model_->estimate()) : QString();
}

void EstimateDialog::setMode(Mode mode) {
    mode_->setCurrentIndex(mode_->findData(mode));
}

void EstimateDialog::setLimit(int limit) {
    limit_->setValue(limit);
    refresh();
}

void EstimateDialog::updateColumns() {
    for (int c = EstimateModel::ActualCallsColumn; c < EstimateModel::ColumnCount; ++c)
        table_->setColumnHidden(c, !model_->hasActual());
    limit_->setEnabled(mode() == NextRun);
}

void EstimateDialog::refresh() {
    const quint64 generation = ++generation_;
    updateColumns();
    if (!session_->hasProject()) {
        model_->clear();
        header_->setText(tr("Open a project to estimate its cost."));
        busy_ = false;
        emit estimateReady();
        return;
    }
    const Mode m = mode();
    const qint64 run = session_->currentRun();
    if (m == VersusActual && run <= 0) {
        model_->clear();
        header_->setText(tr("There is no run yet to compare the estimate with."));
        busy_ = false;
        emit estimateReady();
        return;
    }
    busy_ = true;
    header_->setText(tr("Estimating…"));
    using Result = std::variant<cascade::CostEstimate, cascade::EstimateVsActual>;
    BackgroundJob::start(
        this,
        [project = *session_->project(), m, run, limit = limit_->value()]() -> Result {
            if (m == VersusActual) return RunEstimate::versus(project, run);
            return RunEstimate::estimate(project, limit);
        },
        [this, generation, run](std::optional<Result> result, const QString& error) {
            if (generation != generation_) return;
            busy_ = false;
            if (!result) {
                model_->clear();
                header_->setText(tr("Could not estimate: %1").arg(error));
            } else if (const auto* versus = std::get_if<cascade::EstimateVsActual>(&*result)) {
                model_->setVersusActual(*versus);
                header_->setText(
                    tr("Run %1: what the estimate before it said (%2) next to what "
                       "it used. Error = (estimate − actual) / actual.")
                        .arg(run)
                        .arg(versus->estimate.reference_run
                                 ? tr("fan-out from run %1").arg(*versus->estimate.reference_run)
                                 : tr("no earlier run")));
            } else {
                const auto& e = std::get<cascade::CostEstimate>(*result);
                model_->setEstimate(e);
                const auto* project = session_->project();
                header_->setText(
                    tr("%1%2: %3 inputs, %4")
                        .arg(QString::fromStdString(project ? project->name : std::string()),
                             session_->variant().isEmpty()
                                 ? QString()
                                 : tr(" (variant %1)").arg(session_->variant()))
                        .arg(e.inputs)
                        .arg(e.reference_run
                                 ? tr("fan-out and usage from run %1").arg(*e.reference_run)
                                 : tr("no earlier run to learn fan-out from")));
            }
            updateColumns();
            emit estimateReady();
        });
}
