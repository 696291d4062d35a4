#pragma once

#include <QAbstractItemModel>
#include <QString>

#include <memory>
#include <vector>

#include "cascade/core/json.h"

// A read-only tree over one JSON value: key, value (scalars in full, containers as "{3}" /
// "[12]"), type. The model keeps its own copy of the value; nodes point into it.
class JsonTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role { PointerRole = Qt::UserRole + 1 };  // the RFC 6901 pointer of a node, e.g. /a/0

    explicit JsonTreeModel(QObject* parent = nullptr);
    ~JsonTreeModel() override;

    void setJson(cascade::Json value);
    const cascade::Json& json() const { return root_value_; }
    void clear() { setJson(cascade::Json()); }
    // The JSON value under an index, or nullptr for an invalid one.
    const cascade::Json* valueAt(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString typeName(const cascade::Json& value);
    // One line: strings unquoted with newlines shown as ⏎, containers as {n} / [n].
    static QString displayValue(const cascade::Json& value);

private:
    struct Node {
        QString key;
        QString pointer;
        const cascade::Json* value = nullptr;
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };
    void build(Node& node);
    Node* nodeAt(const QModelIndex& index) const;

    cascade::Json root_value_;
    // The invisible root: its children are the top-level rows (the members of an object or
    // array, or a single row for a scalar).
    std::unique_ptr<Node> root_;
};
