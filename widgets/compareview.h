#pragma once

#include <QString>
#include <QWidget>

#include <memory>

namespace cascade {
class RunComparison;
}

class CompareCharts;
class CompareItemsPanel;
class ComparisonModel;
class QComboBox;
class QLabel;
class QTabWidget;
class QTableView;
class WorkbenchSession;

// Two runs side by side. Run pickers for A and B (every run of the project; by default A is
// the run before the current one and B the current one, following the session), the verdict
// and cost per input of each run, then two tabs: "Stages" (the per-stage delta table and its
// charts, one model) and "Items" (items aligned by key with word diffs). Comparisons are
// computed on a worker thread; comparisonReady() follows each.
class CompareView : public QWidget {
    Q_OBJECT

public:
    explicit CompareView(WorkbenchSession* session, QWidget* parent = nullptr);
    ~CompareView() override;

    ComparisonModel* model() const { return model_; }
    CompareCharts* charts() const { return charts_; }
    CompareItemsPanel* items() const { return items_; }
    QTableView* table() const { return table_; }
    QTabWidget* tabs() const { return tabs_; }
    qint64 runA() const { return run_a_; }
    qint64 runB() const { return run_b_; }
    // The comparison shown (null before the first one is in): the export dialog's report can
    // include it.
    std::shared_ptr<const cascade::RunComparison> comparison() const { return comparison_; }
    QString verdictText() const;
    QString totalsText() const;
    bool isBusy() const { return busy_; }

    // Metric groups the table can show: "Overview", "Items", "Calls & tokens", "Cost",
    // "Latency", "All".
    static QStringList metricGroups();

public slots:
    void setRuns(qint64 run_a, qint64 run_b);
    void swapRuns();
    void setMetricGroup(const QString& group);
    // Re-reads the run list and recomputes (e.g. after a run finished).
    void refresh();

signals:
    void comparisonReady();
    // A or B changed (e.g. for ExportDialog::setComparisonRuns).
    void comparedRunsChanged(qint64 run_a, qint64 run_b);

private:
    void fillRunPickers();
    void selectDefaultRuns();
    void onPickerChanged();
    void compute();
    void showComparison(std::shared_ptr<const cascade::RunComparison> comparison);

    WorkbenchSession* session_;
    ComparisonModel* model_;
    QComboBox* pick_a_;
    QComboBox* pick_b_;
    QComboBox* group_;
    QLabel* verdict_;
    QLabel* totals_;
    QTabWidget* tabs_;
    QTableView* table_;
    CompareCharts* charts_;
    CompareItemsPanel* items_;
    std::shared_ptr<const cascade::RunComparison> comparison_;
    qint64 run_a_ = 0;
    qint64 run_b_ = 0;
    quint64 generation_ = 0;
    bool busy_ = false;
};
