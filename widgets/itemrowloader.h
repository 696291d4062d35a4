#pragma once

#include <QObject>
#include <QString>

#include <limits>
#include <memory>
#include <vector>

#include "widgets/itemrow.h"

namespace cascade {
class RunReader;
}

// Reads a whole stage as compact rows on a pool thread, on its own store connection, so that a
// 100,000-item stage never blocks the GUI. Summaries and scores come out of SQLite's JSON
// functions; only unusual data shapes are parsed here (see ItemSummary).
class ItemRowLoader : public QObject {
    Q_OBJECT

public:
    using Rows = std::shared_ptr<const std::vector<ItemRow>>;

    // Usage: new ItemRowLoader(...), connect finished(), then start(): the worker may finish
    // at once. finished() arrives queued on the receiver's thread; the loader then deletes
    // itself.
    ItemRowLoader(const QString& store_path, qint64 run_id, const QString& stage,
                  quint64 generation);
    void start();

    // The rows of a stage whose ids lie in [first_id, last_id], on this thread.
    static std::vector<ItemRow> read(cascade::RunReader& reader, qint64 run_id,
                                     const std::string& stage, qint64 first_id = 0,
                                     qint64 last_id = std::numeric_limits<qint64>::max());
    // The worker's body: a whole stage, big ones split in id slices read on several threads.
    static std::vector<ItemRow> readParallel(const std::string& store_path, qint64 run_id,
                                             const std::string& stage);

signals:
    void finished(quint64 generation, ItemRowLoader::Rows rows, const QString& error);

private:
    QString store_path_;
    qint64 run_id_;
    QString stage_;
    quint64 generation_;
};
