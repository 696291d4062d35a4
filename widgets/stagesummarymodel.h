#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <optional>
#include <vector>

#include "cascade/core/eventsink.h"

class WorkbenchSession;

// One row per stage of the open project (plus any stage only the selected run has), with that
// run's roll-ups from RunReader::stages() and, while the run is live, the latest StageEvents
// from the bridge. The pipeline strip's cards and the funnel chart both bind to it.
class StageSummaryModel : public QAbstractTableModel {
    Q_OBJECT

public:
    // Kept, Filtered and Errors stay adjacent: the funnel chart maps them as bar sets.
    enum Column {
        Stage, Kind, Model, In, Kept, Filtered, Errors, Calls, CacheHits, Tokens, Cost,
        LatencyP50, Status, Progress, ReusedFrom, Notes, ColumnCount
    };
    // Unformatted values (numbers, fractions) for cards and tests; DisplayRole is for reading.
    static constexpr int RawRole = Qt::UserRole + 1;

    explicit StageSummaryModel(WorkbenchSession* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    qint64 runId() const { return run_id_; }
    int rowOfStage(const QString& stage) const;
    QString stageAt(int row) const;
    const cascade::StageCounters* counters(int row) const;
    bool isRunning(int row) const;

public slots:
    // Re-reads the stage list from the project and the roll-ups of the selected run.
    void reload();
    void applyStageEvents(const QList<cascade::StageEvent>& events);

private:
    struct Row {
        QString stage;
        QString kind;
        QString model;
        bool has_data = false;
        cascade::StageCounters counters;
        QString status;  // running | finished | cancelled | failed | interrupted | reused; "" = not run
        std::optional<qint64> reused_from;
        QStringList notes;
    };
    void buildRows(std::vector<Row>& rows) const;
    QVariant display(const Row& row, int column) const;
    QVariant raw(const Row& row, int column) const;

    WorkbenchSession* session_;
    std::vector<Row> rows_;
    qint64 run_id_ = 0;
};
