#pragma once

#include <QFrame>

class QLabel;
class QProgressBar;
class StageSummaryModel;

// One stage of the pipeline strip: kind icon, id, model, items in -> kept / filtered / errors,
// cost, p50 latency, cache hits or reuse, a progress bar while it runs, and the run's notes.
// The status is spelled out only when it is news (failed, cancelled, interrupted, running).
// It shows one row of the StageSummaryModel and refreshes itself from the model's signals.
class StageCard : public QFrame {
    Q_OBJECT

public:
    StageCard(StageSummaryModel* model, int row, QWidget* parent = nullptr);

    QString stage() const;
    int row() const { return row_; }
    void setSelected(bool selected);
    bool isSelected() const { return selected_; }
    void refresh();

    // The texts as shown, for tests: "5 in → 5 kept · 0 filtered · 0 err".
    QString countsText() const;
    QString statsText() const;

signals:
    void clicked(const QString& stage);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void elideModel();

    StageSummaryModel* model_;
    QString model_text_;
    int row_;
    bool selected_ = false;
    QLabel* icon_;
    QLabel* title_;
    QLabel* model_label_;
    QLabel* counts_;
    QLabel* outcomes_;
    QLabel* stats_;
    QLabel* notes_;
    QProgressBar* progress_;
};
