#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class AlignmentModel;
class ItemDiffPane;
class QCheckBox;
class QComboBox;
class QLabel;
class QTableView;
class WorkbenchSession;

// The item half of the compare view: a stage picker, "only differences", the aligned items of
// that stage in runs A and B (AlignmentModel), and the selected item's two versions
// (ItemDiffPane). The alignment is computed on a worker thread.
class CompareItemsPanel : public QWidget {
    Q_OBJECT

public:
    explicit CompareItemsPanel(WorkbenchSession* session, QWidget* parent = nullptr);

    AlignmentModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    ItemDiffPane* detail() const { return detail_; }
    QString stage() const;
    QString countsText() const;
    bool isLoading() const { return loading_; }

public slots:
    // The runs to align and the stages they have (union, pipeline order); keeps the stage
    // shown when both runs have it, else takes `preferred_stage`, else the first stage.
    void setRuns(qint64 run_a, qint64 run_b, const QStringList& stages,
                 const QString& preferred_stage = {});
    void clear();
    void setStage(const QString& stage);
    void setOnlyDifferences(bool only);
    // Selects the item with this key once the alignment is in.
    void selectKey(const QString& key);

signals:
    // The chosen stage's alignment is loaded (or failed: countsText() says why).
    void alignmentReady();

private:
    void loadAlignment();
    void onCurrentRowChanged();

    WorkbenchSession* session_;
    AlignmentModel* model_;
    QComboBox* stage_;
    QCheckBox* only_diff_;
    QLabel* counts_;
    QTableView* view_;
    ItemDiffPane* detail_;
    qint64 run_a_ = 0;
    qint64 run_b_ = 0;
    quint64 generation_ = 0;
    bool loading_ = false;
    QString pending_key_;
};
