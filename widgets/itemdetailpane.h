#pragma once

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

#include "cascade/core/item.h"

class CallView;
class JsonTreeModel;
class ProvenanceBar;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QTreeView;
class WorkbenchSession;
namespace cascade {
class RunReader;
}

// Everything about one item: where it came from (breadcrumb), its status, reason and scores,
// its data as a JSON tree, and the LLM call that produced or judged it. Reads the one item from
// the store on demand (indexed lookups, a few rows), on its own reader connection.
class ItemDetailPane : public QWidget {
    Q_OBJECT

public:
    explicit ItemDetailPane(WorkbenchSession* session, QWidget* parent = nullptr);
    ~ItemDetailPane() override;

    // Shows (run, stage, key); returns false (and shows why) when the store has no such item.
    bool showItem(qint64 run_id, const QString& stage, const QString& key);
    void clearItem();

    const std::optional<cascade::Item>& item() const { return item_; }
    QString statusText() const;
    QString reasonText() const;
    // The heading: stage, key, and where the reply behind the item came from when not live.
    QString titleText() const;
    ProvenanceBar* provenance() const { return provenance_; }
    CallView* callView() const { return call_; }
    JsonTreeModel* jsonModel() const { return json_; }
    JsonTreeModel* scoresModel() const { return scores_json_; }

private:
    cascade::RunReader* reader();
    QTreeView* jsonView(JsonTreeModel* model);

    WorkbenchSession* session_;
    std::unique_ptr<cascade::RunReader> reader_;
    QString reader_path_;
    std::optional<cascade::Item> item_;

    QStackedWidget* pages_;
    QLabel* placeholder_;
    QLabel* title_;
    ProvenanceBar* provenance_;
    QLabel* status_;
    QLabel* reason_;
    QLabel* scores_;
    QTabWidget* tabs_;
    JsonTreeModel* json_;
    QTreeView* tree_;
    JsonTreeModel* scores_json_;
    QTreeView* scores_tree_;
    CallView* call_;
};
