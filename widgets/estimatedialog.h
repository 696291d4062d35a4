#pragma once

#include <QDialog>

class EstimateModel;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;
class WorkbenchSession;

// The pre-run cost estimate of the session's project and variant, per stage (calls, tokens in
// and out, cost, the cache's share, and the basis of each figure as tooltip), or, for the
// current run, the estimate it would have had next to what it actually used. Computed on a
// worker thread; estimateReady() follows each refresh. Non-modal use: show().
class EstimateDialog : public QDialog {
    Q_OBJECT

public:
    enum Mode { NextRun, VersusActual };

    explicit EstimateDialog(WorkbenchSession* session, QWidget* parent = nullptr);

    EstimateModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    Mode mode() const;
    QString headerText() const;
    bool isBusy() const { return busy_; }
    // The Run button's tooltip for the estimate shown (NextRun mode).
    QString tooltipText() const;

public slots:
    void setMode(Mode mode);
    // Only the first `limit` inputs, as the run's own limit; 0 = all.
    void setLimit(int limit);
    void refresh();

signals:
    void estimateReady();

private:
    void updateColumns();

    WorkbenchSession* session_;
    EstimateModel* model_;
    QComboBox* mode_;
    QSpinBox* limit_;
    QLabel* header_;
    QLabel* footnote_;
    QTableView* table_;
    quint64 generation_ = 0;
    bool busy_ = false;
};
