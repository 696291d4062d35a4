#pragma once

#include <QHash>
#include <QString>

#include <memory>

#include "cascade/store/storerecords.h"

class WorkbenchSession;
namespace cascade {
class LabelStore;
}

// The review labels of the session's project, cached from the store and written through to it
// (cascade::LabelStore). Keyed by stage + content hash, so a label follows an item's content
// across runs. The store calls throw cascade::Error (or std::exception) on failure; callers
// report it.
class ReviewLabels {
public:
    explicit ReviewLabels(WorkbenchSession* session);
    ~ReviewLabels();

    // Re-reads every label from the store.
    void reload();
    const cascade::Label* find(const QString& stage, const QString& content_hash) const;
    bool contains(const QString& stage, const QString& content_hash) const {
        return find(stage, content_hash) != nullptr;
    }
    // Stores (or replaces) the label of (stage, content hash).
    void set(cascade::Label label);
    void clear(const QString& stage, const QString& content_hash);

private:
    cascade::LabelStore& store();
    static QString keyOf(const QString& stage, const QString& content_hash);

    WorkbenchSession* session_;
    std::unique_ptr<cascade::LabelStore> store_;
    QString store_path_;
    QHash<QString, cascade::Label> labels_;
};
