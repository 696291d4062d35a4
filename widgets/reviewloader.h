#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

#include "widgets/reviewentry.h"

namespace cascade {
class RunReader;
}

// Reads everything the gates filtered in a run (RunReader::filtered_items) on a pool thread and
// turns it into compact ReviewEntry rows, in pipeline order.
class ReviewLoader : public QObject {
    Q_OBJECT

public:
    using Entries = std::shared_ptr<const std::vector<ReviewEntry>>;

    // Usage: new ReviewLoader(...), connect finished(), then start(): the worker may finish at
    // once. finished() arrives queued on the receiver's thread; the loader then deletes itself.
    ReviewLoader(const QString& store_path, qint64 run_id, quint64 generation);
    void start();
    static std::vector<ReviewEntry> read(cascade::RunReader& reader, qint64 run_id);

signals:
    void finished(quint64 generation, ReviewLoader::Entries entries, const QString& error);

private:
    QString store_path_;
    qint64 run_id_;
    quint64 generation_;
};
