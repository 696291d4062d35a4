#include "widgets/sweepview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

#include "widgets/backgroundjob.h"
#include "widgets/displayformat.h"
#include "widgets/sweepchart.h"
#include "widgets/sweepjob.h"
#include "widgets/sweepmodel.h"
#include "widgets/sweepslider.h"
#include "widgets/workbenchsession.h"

using cascade::SweepPoint;
using cascade::ThresholdSweep;

SweepView::SweepView(WorkbenchSession* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new SweepModel(this)) {
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    param_ = new QComboBox(this);
    param_->setToolTip(tr("The threshold to sweep"));
    chart_ = new SweepChart(model_, this);
    param_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    value_box_ = new SweepSlider(this);
    apply_ = new QPushButton(tr("Apply"), this);
    apply_->setToolTip(tr("Write this value into the project as an undoable stage edit"));
    reset_ = new QPushButton(tr("Reset"), this);
    reset_->setToolTip(tr("Back to the run's value and its stored decisions"));
    info_ = new QLabel(this);
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* top = new QHBoxLayout;
    top->addWidget(title_, 1);
    top->addWidget(new QLabel(tr("Threshold:"), this));
    top->addWidget(param_);
    auto* controls = new QHBoxLayout;
    controls->addWidget(value_box_, 1);
    controls->addWidget(reset_);
    controls->addWidget(apply_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(chart_, 1);
    layout->addLayout(controls);
    layout->addWidget(info_);

    // A drag fires valueChanged for every pixel; the kept_at work runs once per pause.
    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(15);
    connect(debounce_, &QTimer::timeout, this, [this] { updateOverride(true); });
    // Opening a project selects a run and a stage in a row; load once after them.
    reload_timer_ = new QTimer(this);
    reload_timer_->setSingleShot(true);
    reload_timer_->setInterval(0);
    connect(reload_timer_, &QTimer::timeout, this, &SweepView::reload);

    connect(value_box_, &SweepSlider::valueMoved, this, &SweepView::setValue);
    connect(param_, &QComboBox::currentIndexChanged, this,
            [this] { setParam(param_->currentData().toString()); });
    connect(apply_, &QPushButton::clicked, this, &SweepView::apply);
    connect(reset_, &QPushButton::clicked, this, &SweepView::resetToRun);
    for (auto signal : {&WorkbenchSession::projectOpened, &WorkbenchSession::labelsChanged})
        connect(session_, signal, this, &SweepView::scheduleReload);
    connect(session_, &WorkbenchSession::runSelected, this, &SweepView::scheduleReload);
    connect(session_, &WorkbenchSession::stageSelected, this, &SweepView::scheduleReload);
    setMessage(tr("Select a gate stage of a run to sweep its threshold."));
    scheduleReload();  // loads when first shown
}

SweepView::~SweepView() = default;

QSlider* SweepView::slider() const {
    return value_box_->slider();
}
QDoubleSpinBox* SweepView::spinBox() const {
    return value_box_->spinBox();
}

QString SweepView::statusText() const {
    return info_->text();
}

void SweepView::scheduleReload() {
    // A hidden view loads when it is shown: a big stage is not parsed for nothing.
    reload_pending_ = true;
    if (isVisible()) reload_timer_->start();
}

void SweepView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (reload_pending_) reload_timer_->start();
}

void SweepView::setMessage(const QString& message) {
    info_->setText(message);
    for (QWidget* w : std::initializer_list<QWidget*>{param_, value_box_, apply_, reset_})
        w->setEnabled(sweep_ != nullptr && !busy_);
}

void SweepView::emitClearedOverride() {
    if (!override_) return;
    override_.reset();
    emit statusOverrideChanged(std::nullopt);
}

void SweepView::reload() {
    reload_pending_ = false;
    reload_timer_->stop();
    // A value being dragged counts as moved even before its debounced recompute.
    const bool moved = override_.has_value() || debounce_->isActive();
    debounce_->stop();
    const quint64 generation = ++generation_;
    const bool same = run_id_ == session_->currentRun() && stage_ == session_->currentStage();
    const QString preferred = same ? param_name_ : QString();
    // Reloaded for new labels: the same items, so the slider keeps its value and override.
    const std::optional<double> keep =
        same && sweep_ && moved ? std::optional<double>(value_) : std::nullopt;
    sweep_.reset();
    busy_ = false;
    model_->clear();
    if (!keep) emitClearedOverride();
    run_id_ = session_->currentRun();
    stage_ = session_->currentStage();
    title_->setText(stage_.isEmpty() ? QString()
                                     : QStringLiteral("<b>%1</b>").arg(stage_.toHtmlEscaped()));
    const auto done = [this](const QString& message) {
        emitClearedOverride();
        setMessage(message);
        emit sweepReady();
    };
    qint64 count = 0;
    if (const QString why = SweepJob::check(*session_, run_id_, stage_, &count); !why.isEmpty())
        return done(why);
    auto work = [registry = &session_->engine().registry(),
                 path = session_->storePath().toStdString(), run = run_id_,
                 stage = stage_.toStdString(),
                 preferred] { return SweepJob::load(*registry, path, run, stage, preferred); };
    const auto finish = [this, generation, done, keep, preferred](
                            std::optional<SweepJob::Loaded> loaded, const QString& error) {
        if (generation != generation_) return;
        busy_ = false;
        if (!loaded) {
            emitClearedOverride();
            return done(tr("Could not sweep %1: %2").arg(stage_, error));
        }
        onLoaded(loaded->sweep, std::move(loaded->points), loaded->param,
                 loaded->param == preferred ? keep : std::nullopt);
    };
    if (count > kBackgroundItems) {
        busy_ = true;
        setMessage(tr("Computing the sweep of %1 items…").arg(DisplayFormat::count(count)));
        BackgroundJob::start(this, std::move(work), finish);
        return;
    }
    try {
        finish(work(), {});
    } catch (const std::exception& e) {
        finish(std::nullopt, QString::fromUtf8(e.what()));
    }
}

void SweepView::setParam(const QString& param) {
    if (!sweep_ || param == param_name_ || param.isEmpty()) return;
    const quint64 generation = ++generation_;
    auto sweep = sweep_;
    auto finish = [this, generation, sweep, param](std::optional<std::vector<SweepPoint>> points,
                                                   const QString& error) {
        if (generation != generation_) return;
        busy_ = false;
        if (!points) {
            setMessage(tr("Could not sweep %1: %2").arg(param, error));
            return;
        }
        emitClearedOverride();  // the old override decided another threshold
        onLoaded(sweep, std::move(*points), param, std::nullopt);
    };
    if (static_cast<qint64>(sweep->items().size()) > kBackgroundItems) {
        busy_ = true;
        setMessage(tr("Computing the sweep…"));
        BackgroundJob::start(
            this, [sweep, p = param.toStdString()] { return sweep->sweep(p); }, finish);
        return;
    }
    try {
        finish(sweep->sweep(param.toStdString()), {});
    } catch (const std::exception& e) {
        finish(std::nullopt, QString::fromUtf8(e.what()));
    }
}

void SweepView::onLoaded(std::shared_ptr<const ThresholdSweep> sweep,
                         std::vector<SweepPoint> points, const QString& param,
                         std::optional<double> keep_value) {
    sweep_ = std::move(sweep);
    param_name_ = param;
    spec_ = sweep_->spec(param.toStdString());
    {
        const QSignalBlocker block(param_);
        param_->clear();
        for (const auto& spec : sweep_->thresholds())
            param_->addItem(QString::fromStdString(spec.label), QString::fromStdString(spec.param));
        param_->setCurrentIndex(param_->findData(param));
    }
    stored_kept_ = 0;
    for (const auto& item : sweep_->items())
        stored_kept_ += item.status == cascade::ItemStatus::Kept;
    run_value_ = sweep_->current(param.toStdString());
    run_value_inferred_ = !run_value_;
    // A run that left the default: the first value that reproduces its kept count.
    for (const auto& p : points)
        if (!run_value_ && p.kept == stored_kept_) run_value_ = p.value;
    model_->setPoints(std::move(points), sweep_->labelled() > 0);
    chart_->setAxisTitle(QString::fromStdString(spec_.label));
    chart_->setRunValue(run_value_);
    value_box_->setRange(spec_.min, spec_.max, spec_.step);
    title_->setText(
        tr("<b>%1</b> · %2 in run %3 · %4 items · %5 labelled")
            .arg(stage_.toHtmlEscaped(), QString::fromStdString(spec_.label).toHtmlEscaped())
            .arg(run_id_)
            .arg(DisplayFormat::count(static_cast<qint64>(sweep_->items().size())))
            .arg(sweep_->labelled()));
    setMessage({});
    value_ = std::nan("");  // forces setValue to move the widgets
    setValue(keep_value.value_or(run_value_.value_or(spec_.min)));
    debounce_->stop();
    updateOverride(keep_value.has_value());
    emit sweepReady();
}

void SweepView::setValue(double value) {
    if (!sweep_ || busy_) return;
    value = std::clamp(value, spec_.min, spec_.max);
    value = std::round(value * 1e9) / 1e9;  // 0.1 + 2 * 0.1 reads 0.3, as a person typed it
    if (value == value_) return;
    value_ = value;
    value_box_->setValue(value);
    chart_->setMarker(value);
    debounce_->start();
}

void SweepView::updateOverride(bool emit_override) {
    if (!sweep_) return;
    std::vector<bool> kept;
    try {
        kept = sweep_->kept_at(param_name_.toStdString(), value_);
    } catch (const std::exception& e) {
        setMessage(tr("Could not recompute: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    kept_ = filtered_ = 0;
    const auto& items = sweep_->items();
    for (size_t i = 0; i < kept.size(); ++i) {
        if (kept[i])
            ++kept_;
        else if (items[i].status != cascade::ItemStatus::Error)
            ++filtered_;
    }
    if (emit_override) {
        override_ = std::move(kept);
        emit statusOverrideChanged(override_);
    }
    emit keptCountChanged(kept_, filtered_);
    updateInfo();
}

void SweepView::updateInfo() {
    const int decimals = value_box_->decimals();
    QString text = tr("At %1: %2 kept · %3 filtered")
                       .arg(value_, 0, 'f', decimals)
                       .arg(DisplayFormat::count(kept_), DisplayFormat::count(filtered_));
    if (run_value_)
        text += tr(" (the run kept %1 at %2%3)")
                    .arg(DisplayFormat::count(stored_kept_))
                    .arg(*run_value_, 0, 'f', decimals)
                    .arg(run_value_inferred_ ? tr(", its default") : QString());
    const int row = model_->rowNearest(value_);
    if (model_->hasLabels() && row >= 0 &&
        std::fabs(model_->points()[size_t(row)].value - value_) < spec_.step / 2) {
        const auto& p = model_->points()[size_t(row)];
        const auto ratio = [](const std::optional<double>& v) {
            return v ? QString::number(*v, 'f', 2) : QStringLiteral("–");
        };
        text += tr(" · precision %1 · recall %2 against %3 labels")
                    .arg(ratio(p.precision), ratio(p.recall))
                    .arg(sweep_->labelled());
    }
    info_->setText(text);
}

void SweepView::apply() {
    if (!sweep_) return;
    emit applyThresholdRequested(stage_, param_name_, value_);
}

void SweepView::resetToRun() {
    if (!sweep_) return;
    setValue(run_value_.value_or(spec_.min));
    debounce_->stop();
    updateOverride(false);
    emitClearedOverride();
}
