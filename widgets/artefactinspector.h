#pragma once

#include <QString>
#include <QWidget>

#include <optional>

#include "cascade/core/item.h"

class ItemDetailPane;
class ItemFilterProxy;
class ItemTableModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class WorkbenchSession;

// The artefact inspector: a filter bar (status with counts, debounced text search), the
// virtualised table of the selected stage's items, and the detail pane of the selected item.
// Follows the session's run and stage; session->itemActivated(stage, key) selects that row.
class ArtefactInspector : public QWidget {
    Q_OBJECT

public:
    explicit ArtefactInspector(WorkbenchSession* session, QWidget* parent = nullptr);

    ItemTableModel* model() const { return model_; }
    ItemFilterProxy* proxy() const { return proxy_; }
    QTableView* view() const { return view_; }
    ItemDetailPane* detail() const { return detail_; }
    // The key of the selected row, empty when none.
    QString selectedKey() const;
    QString infoText() const;

public slots:
    // Selects the item with this key in the shown stage, now or as soon as it has loaded.
    // Filters that hide it are cleared.
    void selectItem(const QString& key);
    void setStatusFilter(std::optional<cascade::ItemStatus> status);
    // Applies a text filter at once (typing in the search field waits for a pause first).
    void setTextFilter(const QString& text);

signals:
    void currentItemChanged(const QString& stage, const QString& key);

private:
    void loadCurrent();
    void onLoaded();
    void onItemActivated(const QString& stage, const QString& key);
    void onCurrentRowChanged();
    void updateStatusCombo();
    void updateInfo();

    WorkbenchSession* session_;
    ItemTableModel* model_;
    ItemFilterProxy* proxy_;
    QComboBox* status_;
    QLineEdit* search_;
    QTimer* debounce_;
    QLabel* title_;
    QLabel* info_;
    QTableView* view_;
    ItemDetailPane* detail_;
    QString pending_key_;
};
