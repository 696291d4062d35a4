#pragma once

#include <QAbstractItemModel>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "cascade/store/storerecords.h"
#include "widgets/reviewlabels.h"
#include "widgets/reviewloader.h"
#include "widgets/reviewtree.h"

class WorkbenchSession;

// Everything the gates dropped in one run, as a tree: stage -> reason group -> items, with
// scores and the reviewer's label. A label is ground truth about the item's content (keep or
// drop, keyed by stage + content hash), read from and written to the store; this model shows
// and takes it as a verdict on the run on screen (the gate was correct / wrong). The items
// load on a worker thread.
class ReviewModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column {
        ItemColumn,  // stage / reason group / item key
        SummaryColumn,
        ScoreColumn,
        VerdictColumn,
        NoteColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role { StageRole = Qt::UserRole + 1, KeyRole, VerdictRole, NoteRole };
    static const QString kCorrect;  // the gate was right about it (for a drop: drop it)
    static const QString kWrong;    // the gate was wrong (for a drop: keep it)

    explicit ReviewModel(WorkbenchSession* session, QObject* parent = nullptr);
    ~ReviewModel() override;

    // Loads the run's filtered items (asynchronous; loaded() follows).
    void load(qint64 run_id);
    void reload() { load(run_id_); }
    bool isLoading() const { return loading_; }
    qint64 runId() const { return run_id_; }
    QString loadError() const { return error_; }

    int itemCount() const { return entries_ ? static_cast<int>(entries_->size()) : 0; }
    int reviewedCount() const { return reviewed_; }
    // The item under an index; nullptr for stage and group rows.
    const ReviewEntry* entry(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& stage, const QString& key) const;
    // Item navigation in display order, skipping stage and group rows; invalid at the ends.
    QModelIndex firstItem() const;
    QModelIndex nextItem(const QModelIndex& from) const;
    QModelIndex previousItem(const QModelIndex& from) const;
    std::optional<cascade::Label> label(const QModelIndex& item) const;
    // The label as a verdict on this run's decision: kCorrect, kWrong, or empty.
    QString verdict(const QModelIndex& item) const;

    // Stores the ground truth that a verdict (kCorrect or kWrong) on this run's decision means,
    // with an optional note, and tells the session.
    bool setLabel(const QModelIndex& item, const QString& verdict, const QString& note = {});
    bool clearLabel(const QModelIndex& item);
    // Re-reads every label from the store (another view changed them).
    void reloadLabels();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void loadStarted();
    void loaded();
    void progressChanged(int reviewed, int total);
    void labelWriteFailed(const QString& message);

private:
    void onFinished(quint64 generation, ReviewLoader::Entries entries, const QString& error);
    void recount();
    void labelChanged(int entry);
    const cascade::Label* labelOf(const ReviewEntry& entry) const;
    QString verdictOf(const ReviewEntry& entry) const;
    QModelIndex itemIndex(int entry, int column) const;
    int groupOf(const QModelIndex& index) const;
    int entryOf(const QModelIndex& index) const;

    WorkbenchSession* session_;
    ReviewLoader::Entries entries_;
    ReviewTree tree_;
    ReviewLabels labels_;
    int reviewed_ = 0;
    qint64 run_id_ = 0;
    quint64 generation_ = 0;
    bool loading_ = false;
    bool notifying_ = false;
    QString error_;
};
