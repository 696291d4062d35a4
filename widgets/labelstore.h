#pragma once

#include <QHash>
#include <QString>

#include <memory>

#include "cascade/store/storerecords.h"

class WorkbenchSession;
namespace cascade {
class RunReader;
}

// The reviewers' labels of the session's project, cached from the store and written through
// to it (RunReader::set_label). Keyed by stage + item key, so they outlive runs. The store
// calls throw cascade::Error (or std::exception) on failure; callers report it.
class LabelStore {
public:
    explicit LabelStore(WorkbenchSession* session);
    ~LabelStore();

    // Re-reads every label from the store.
    void reload();
    const cascade::Label* find(const QString& stage, const QString& key) const;
    bool contains(const QString& stage, const QString& key) const {
        return find(stage, key) != nullptr;
    }
    // Stores (or replaces) a label; run_id records which run it was given on.
    void set(cascade::Label label, qint64 run_id);
    void clear(const QString& stage, const QString& key);

private:
    cascade::RunReader& reader();
    static QString keyOf(const QString& stage, const QString& key);

    WorkbenchSession* session_;
    std::unique_ptr<cascade::RunReader> reader_;
    QString reader_path_;
    QHash<QString, cascade::Label> labels_;
};
