#include "widgets/jsontreemodel.h"

using cascade::Json;

namespace {

// RFC 6901: '~' and '/' in a key are escaped as ~0 and ~1.
QString escape_pointer_token(QString token) {
    return token.replace(QLatin1Char('~'), QLatin1String("~0"))
        .replace(QLatin1Char('/'), QLatin1String("~1"));
}

}  // namespace

JsonTreeModel::JsonTreeModel(QObject* parent)
    : QAbstractItemModel(parent), root_(std::make_unique<Node>()) {}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setJson(Json value) {
    beginResetModel();
    root_value_ = std::move(value);
    root_ = std::make_unique<Node>();
    root_->value = &root_value_;
    if (root_value_.is_structured()) {
        build(*root_);
    } else if (!root_value_.is_null()) {
        // A scalar document still gets one row, so that it is visible.
        auto child = std::make_unique<Node>();
        child->key = tr("(value)");
        child->value = &root_value_;
        child->parent = root_.get();
        root_->children.push_back(std::move(child));
    }
    endResetModel();
}

void JsonTreeModel::build(Node& node) {
    const Json& value = *node.value;
    int row = 0;
    auto add = [&](QString key, const Json& child_value) {
        auto child = std::make_unique<Node>();
        child->pointer = node.pointer + QLatin1Char('/') + escape_pointer_token(key);
        child->key = std::move(key);
        child->value = &child_value;
        child->parent = &node;
        child->row = row++;
        if (child_value.is_structured()) build(*child);
        node.children.push_back(std::move(child));
    };
    if (value.is_object()) {
        for (const auto& [key, member] : value.items()) add(QString::fromStdString(key), member);
    } else if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) add(QString::number(i), value[i]);
    }
}

JsonTreeModel::Node* JsonTreeModel::nodeAt(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : root_.get();
}

const Json* JsonTreeModel::valueAt(const QModelIndex& index) const {
    return index.isValid() ? nodeAt(index)->value : nullptr;
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    Node* node = nodeAt(parent);
    return createIndex(row, column, node->children[static_cast<size_t>(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    Node* parent = nodeAt(child)->parent;
    if (!parent || parent == root_.get()) return {};
    return createIndex(parent->row, 0, parent);
}

int JsonTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    return static_cast<int>(nodeAt(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QString JsonTreeModel::typeName(const Json& value) {
    switch (value.type()) {
        case Json::value_t::object:
            return QStringLiteral("object");
        case Json::value_t::array:
            return QStringLiteral("array");
        case Json::value_t::string:
            return QStringLiteral("string");
        case Json::value_t::boolean:
            return QStringLiteral("boolean");
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
            return QStringLiteral("integer");
        case Json::value_t::number_float:
            return QStringLiteral("number");
        case Json::value_t::null:
            return QStringLiteral("null");
        default:
            return QStringLiteral("?");
    }
}

QString JsonTreeModel::displayValue(const Json& value) {
    if (value.is_object()) return QStringLiteral("{%1}").arg(value.size());
    if (value.is_array()) return QStringLiteral("[%1]").arg(value.size());
    if (value.is_string()) {
        QString text = QString::fromStdString(value.get<std::string>());
        if (text.size() > 2000) text = text.left(2000) + QChar(0x2026);  // the tooltip has it all
        return text.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    }
    return QString::fromStdString(value.dump());
}

QVariant JsonTreeModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Node* node = nodeAt(index);
    const Json& value = *node->value;
    if (role == PointerRole) return node->pointer;
    if (role == Qt::ToolTipRole && index.column() == ValueColumn && value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case KeyColumn:
            return node->key;
        case ValueColumn:
            return displayValue(value);
        case TypeColumn:
            return typeName(value);
    }
    return {};
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case KeyColumn:
            return tr("Key");
        case ValueColumn:
            return tr("Value");
        case TypeColumn:
            return tr("Type");
    }
    return {};
}
