#include "widgets/reviewloader.h"

#include <QFileInfo>
#include <QThreadPool>

#include <exception>

#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"
#include "widgets/itemsummary.h"
#include "widgets/reasongrouper.h"

ReviewLoader::ReviewLoader(const QString& store_path, qint64 run_id, quint64 generation)
    : store_path_(store_path), run_id_(run_id), generation_(generation) {}

void ReviewLoader::start() {
    QThreadPool::globalInstance()->start(
        [this, store_path = store_path_, run_id = run_id_, generation = generation_] {
            auto entries = std::make_shared<std::vector<ReviewEntry>>();
            QString error;
            try {
                if (run_id > 0 && QFileInfo::exists(store_path)) {
                    cascade::RunReader reader(store_path.toStdString());
                    *entries = read(reader, run_id);
                }
            } catch (const std::exception& e) {
                error = QString::fromUtf8(e.what());
            }
            emit finished(generation, std::move(entries), error);
            deleteLater();
        });
}

std::vector<ReviewEntry> ReviewLoader::read(cascade::RunReader& reader, qint64 run_id) {
    std::vector<ReviewEntry> entries;
    for (const auto& item : reader.filtered_items(run_id)) {
        ReviewEntry entry;
        entry.stage = QString::fromStdString(item.stage);
        entry.key = QString::fromStdString(item.key);
        entry.contentHash = QString::fromStdString(cascade::LabelStore::content_hash(item.data));
        entry.decision = item.status;
        entry.reason = QString::fromStdString(item.reason);
        entry.group = ReasonGrouper::group(entry.reason);
        entry.summary = ItemSummary::of(item.data);
        entry.scores = ItemSummary::scoresLine(item.scores);
        entry.score = ItemSummary::mainScore(item.scores);
        entries.push_back(std::move(entry));
    }
    return entries;
}
