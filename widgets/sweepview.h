#pragma once

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "cascade/compare/thresholdsweep.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;
class SweepChart;
class SweepModel;
class SweepSlider;
class WorkbenchSession;

// Threshold sweep of the session's current gate stage in the current run: a threshold picker,
// the kept-count curve (and precision/recall against review labels) with a marker, and a
// slider + spin box. Moving the value recomputes keep/filter for that one value from the stored
// scores (ThresholdSweep::kept_at, debounced) and emits statusOverrideChanged() for the
// inspector's table; the curve is computed once per stage and threshold, off the GUI thread
// for stages of more than 20,000 items. "Apply" emits applyThresholdRequested() for the stage
// editor's undoable edit.
class SweepView : public QWidget {
    Q_OBJECT

public:
    static constexpr qint64 kBackgroundItems = 20000;

    explicit SweepView(WorkbenchSession* session, QWidget* parent = nullptr);
    ~SweepView() override;

    SweepModel* model() const { return model_; }
    SweepChart* chart() const { return chart_; }
    QComboBox* paramPicker() const { return param_; }
    QSlider* slider() const;
    QDoubleSpinBox* spinBox() const;
    QPushButton* applyButton() const { return apply_; }

    // What is swept: the run and stage the override's rows belong to (items in store order).
    qint64 runId() const { return run_id_; }
    QString stage() const { return stage_; }
    QString param() const { return param_name_; }
    double value() const { return value_; }
    // The value the run used (the stage's setting, or the default it left inferred).
    std::optional<double> runValue() const { return run_value_; }
    bool isReady() const { return sweep_ != nullptr && !busy_; }
    bool isBusy() const { return busy_; }
    qint64 keptCount() const { return kept_; }
    qint64 filteredCount() const { return filtered_; }
    QString statusText() const;
    const std::optional<std::vector<bool>>& statusOverride() const { return override_; }

public slots:
    // Reloads the session's current run and stage now.
    void reload();
    void setParam(const QString& param);
    void setValue(double value);
    // Emits applyThresholdRequested(stage, param, value).
    void apply();
    // Back to the run's value and the stored statuses (a std::nullopt override).
    void resetToRun();

signals:
    // One bool per item of (runId(), stage()) in store order, true = kept; nullopt = stored.
    void statusOverrideChanged(std::optional<std::vector<bool>> kept);
    void applyThresholdRequested(const QString& stage, const QString& param, double value);
    void keptCountChanged(qint64 kept, qint64 filtered);
    // The sweep is loaded and its curve drawn (or it failed: statusText() says why).
    void sweepReady();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void scheduleReload();
    void onLoaded(std::shared_ptr<const cascade::ThresholdSweep> sweep,
                  std::vector<cascade::SweepPoint> points, const QString& param,
                  std::optional<double> keep_value);
    void updateOverride(bool emit_override);
    void setMessage(const QString& message);
    void updateInfo();
    void emitClearedOverride();

    WorkbenchSession* session_;
    SweepModel* model_;
    SweepChart* chart_;
    QLabel* title_;
    QComboBox* param_;
    SweepSlider* value_box_;
    QPushButton* apply_;
    QPushButton* reset_;
    QLabel* info_;
    QTimer* debounce_;
    QTimer* reload_timer_;
    std::shared_ptr<const cascade::ThresholdSweep> sweep_;
    std::optional<std::vector<bool>> override_;
    qint64 run_id_ = 0;
    QString stage_;
    QString param_name_;
    cascade::ThresholdSpec spec_;
    double value_ = 0.0;
    std::optional<double> run_value_;
    bool run_value_inferred_ = false;
    qint64 stored_kept_ = 0;
    qint64 kept_ = 0;
    qint64 filtered_ = 0;
    quint64 generation_ = 0;
    bool busy_ = false;
    bool reload_pending_ = false;
};
