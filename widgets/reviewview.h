#pragma once

#include <QModelIndex>
#include <QPair>
#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeView;
class ReviewModel;
class WorkbenchSession;

// The filtered review: everything the gates dropped in the current run, grouped by stage and
// reason. The reviewer marks each decision correct (1) or wrong (2), or clears it (0); the next
// item is selected after each mark, arrows move, and a note can go with the verdict. Labels go
// to the store and survive re-runs.
class ReviewView : public QWidget {
    Q_OBJECT

public:
    explicit ReviewView(WorkbenchSession* session, QWidget* parent = nullptr);

    ReviewModel* model() const { return model_; }
    QTreeView* view() const { return tree_; }
    QString progressText() const;
    // The selected row (item, group or stage), in model_ coordinates.
    QModelIndex currentIndex() const;
    void setCurrentIndex(const QModelIndex& index);

public slots:
    void markCorrect();
    void markWrong();
    void clearMark();
    // Shows the selected item in the artefact inspector (via the session).
    void openInInspector();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void mark(const QString& verdict);
    void saveNote();
    void onLoaded();
    void onCurrentChanged();
    void updateProgress();

    WorkbenchSession* session_;
    ReviewModel* model_;
    QLabel* title_;
    QLabel* progress_label_;
    QProgressBar* progress_;
    QTreeView* tree_;
    QLabel* reason_;
    QLabel* scores_;
    QLabel* error_;
    QPushButton* correct_;
    QPushButton* wrong_;
    QPushButton* clear_;
    QPushButton* open_;
    QLineEdit* note_;
    QPair<QString, QString> restore_;  // (stage, key) to select again after a reload
};
