#include "widgets/reviewmodel.h"

#include <QFont>

#include <exception>

#include "cascade/store/labelstore.h"
#include "widgets/itemsummary.h"
#include "widgets/statusbadge.h"
#include "widgets/workbenchsession.h"

namespace {

// Internal ids: 0 for stage rows, 1 + stage for group rows, kItemBit | group for item rows.
constexpr quintptr kItemBit = quintptr(1) << (sizeof(quintptr) * 8 - 1);

}  // namespace

const QString ReviewModel::kCorrect = QStringLiteral("correct");
const QString ReviewModel::kWrong = QStringLiteral("wrong");

ReviewModel::ReviewModel(WorkbenchSession* session, QObject* parent)
    : QAbstractItemModel(parent),
      session_(session),
      entries_(std::make_shared<const std::vector<ReviewEntry>>()),
      labels_(session) {
    connect(session, &WorkbenchSession::labelsChanged, this, [this] {
        if (!notifying_) reloadLabels();
    });
}

ReviewModel::~ReviewModel() = default;

void ReviewModel::load(qint64 run_id) {
    run_id_ = run_id;
    loading_ = true;
    emit loadStarted();
    auto* loader = new ReviewLoader(session_->storePath(), run_id, ++generation_);
    connect(loader, &ReviewLoader::finished, this, &ReviewModel::onFinished);
    loader->start();
}

void ReviewModel::onFinished(quint64 generation, ReviewLoader::Entries entries,
                             const QString& error) {
    if (generation != generation_) return;
    beginResetModel();
    entries_ = std::move(entries);
    error_ = error;
    loading_ = false;
    tree_.build(*entries_);
    endResetModel();
    reloadLabels();
    emit loaded();
}

void ReviewModel::reloadLabels() {
    try {
        labels_.reload();
    } catch (const std::exception& e) {
        emit labelWriteFailed(tr("Could not read the labels: %1").arg(QString::fromUtf8(e.what())));
    }
    recount();
    for (const auto& group : tree_.groups()) {
        const QModelIndex parent = createIndex(group.row, 0, quintptr(1 + group.stage));
        emit dataChanged(parent.siblingAtColumn(VerdictColumn),
                         parent.siblingAtColumn(VerdictColumn));
        if (!group.entries.empty())
            emit dataChanged(index(0, VerdictColumn, parent),
                             index(static_cast<int>(group.entries.size()) - 1, NoteColumn, parent));
    }
    if (!tree_.stages().empty())
        emit dataChanged(index(0, VerdictColumn),
                         index(static_cast<int>(tree_.stages().size()) - 1, VerdictColumn));
    emit progressChanged(reviewed_, itemCount());
}

void ReviewModel::recount() {
    reviewed_ = 0;
    for (auto& stage : tree_.stages()) stage.reviewed = 0;
    for (auto& group : tree_.groups()) {
        group.reviewed = 0;
        for (int e : group.entries) {
            const ReviewEntry& entry = (*entries_)[static_cast<size_t>(e)];
            if (labelOf(entry)) ++group.reviewed;
        }
        tree_.stages()[static_cast<size_t>(group.stage)].reviewed += group.reviewed;
        reviewed_ += group.reviewed;
    }
}

const cascade::Label* ReviewModel::labelOf(const ReviewEntry& entry) const {
    return labels_.find(entry.stage, entry.contentHash);
}

QString ReviewModel::verdictOf(const ReviewEntry& entry) const {
    const cascade::Label* label = labelOf(entry);
    if (!label) return {};
    const auto agrees = cascade::LabelStore::decision_agrees(entry.decision, label->truth);
    if (!agrees) return {};
    return *agrees ? kCorrect : kWrong;
}

std::optional<cascade::Label> ReviewModel::label(const QModelIndex& item) const {
    const ReviewEntry* e = entry(item);
    if (!e) return std::nullopt;
    const cascade::Label* found = labelOf(*e);
    return found ? std::optional(*found) : std::nullopt;
}

QString ReviewModel::verdict(const QModelIndex& item) const {
    const ReviewEntry* e = entry(item);
    return e ? verdictOf(*e) : QString();
}

bool ReviewModel::setLabel(const QModelIndex& item, const QString& verdict, const QString& note) {
    const ReviewEntry* e = entry(item);
    if (!e || (verdict != kCorrect && verdict != kWrong)) return false;
    cascade::Label label;
    label.stage = e->stage.toStdString();
    label.content_hash = e->contentHash.toStdString();
    label.truth = cascade::LabelStore::truth_for_verdict(e->decision, verdict == kCorrect);
    label.note = note.toStdString();
    label.item_key = e->key.toStdString();
    label.run_id = run_id_;
    try {
        labels_.set(std::move(label));
    } catch (const std::exception& ex) {
        emit labelWriteFailed(tr("Could not save the label: %1").arg(QString::fromUtf8(ex.what())));
        return false;
    }
    labelChanged(entryOf(item));
    return true;
}

bool ReviewModel::clearLabel(const QModelIndex& item) {
    const ReviewEntry* e = entry(item);
    if (!e) return false;
    try {
        labels_.clear(e->stage, e->contentHash);
    } catch (const std::exception& ex) {
        emit labelWriteFailed(
            tr("Could not clear the label: %1").arg(QString::fromUtf8(ex.what())));
        return false;
    }
    labelChanged(entryOf(item));
    return true;
}

void ReviewModel::labelChanged(int e) {
    recount();
    // Every item with the same content shares the label.
    const ReviewEntry& changed = (*entries_)[static_cast<size_t>(e)];
    for (int other = 0; other < itemCount(); ++other) {
        const ReviewEntry& entry = (*entries_)[static_cast<size_t>(other)];
        if (entry.contentHash != changed.contentHash || entry.stage != changed.stage) continue;
        const auto& group = tree_.group(tree_.groupOfEntry(other));
        emit dataChanged(itemIndex(other, VerdictColumn), itemIndex(other, NoteColumn));
        const QModelIndex group_index =
            createIndex(group.row, VerdictColumn, quintptr(1 + group.stage));
        emit dataChanged(group_index, group_index);
        emit dataChanged(index(group.stage, VerdictColumn), index(group.stage, VerdictColumn));
    }
    emit progressChanged(reviewed_, itemCount());
    // Other views (threshold sweep, calibration) re-read labels; this model already has them.
    notifying_ = true;
    session_->notifyLabelsChanged();
    notifying_ = false;
}

const ReviewEntry* ReviewModel::entry(const QModelIndex& index) const {
    const int e = entryOf(index);
    return e < 0 ? nullptr : &(*entries_)[static_cast<size_t>(e)];
}

QModelIndex ReviewModel::itemIndex(int e, int column) const {
    return createIndex(tree_.rowOfEntry(e), column, kItemBit | quintptr(tree_.groupOfEntry(e)));
}

QModelIndex ReviewModel::indexOf(const QString& stage, const QString& key) const {
    for (int e = 0; e < itemCount(); ++e) {
        const ReviewEntry& entry = (*entries_)[static_cast<size_t>(e)];
        if (entry.stage == stage && entry.key == key) return itemIndex(e, 0);
    }
    return {};
}

QModelIndex ReviewModel::firstItem() const {
    return tree_.order().empty() ? QModelIndex() : itemIndex(tree_.order().front(), 0);
}

QModelIndex ReviewModel::nextItem(const QModelIndex& from) const {
    if (!from.isValid()) return firstItem();
    int position = 0;
    if (const int e = entryOf(from); e >= 0) {
        position = tree_.position(e) + 1;
    } else {
        // A stage or group row: its first item.
        const int g = groupOf(from);
        const auto& group = tree_.group(g >= 0 ? g : tree_.stage(from.row()).groups.front());
        return itemIndex(group.entries.front(), 0);
    }
    const auto& order = tree_.order();
    return position < static_cast<int>(order.size())
               ? itemIndex(order[static_cast<size_t>(position)], 0)
               : QModelIndex();
}

QModelIndex ReviewModel::previousItem(const QModelIndex& from) const {
    const int e = entryOf(from);
    if (e < 0 || tree_.position(e) == 0) return {};
    return itemIndex(tree_.order()[static_cast<size_t>(tree_.position(e) - 1)], 0);
}

int ReviewModel::groupOf(const QModelIndex& index) const {
    if (!index.isValid() || index.internalId() == 0) return -1;
    if (index.internalId() & kItemBit) return static_cast<int>(index.internalId() & ~kItemBit);
    return tree_.stage(static_cast<int>(index.internalId() - 1))
        .groups[static_cast<size_t>(index.row())];
}

int ReviewModel::entryOf(const QModelIndex& index) const {
    if (!index.isValid() || !(index.internalId() & kItemBit)) return -1;
    return tree_.group(groupOf(index)).entries[static_cast<size_t>(index.row())];
}

QModelIndex ReviewModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, quintptr(0));
    if (parent.internalId() == 0) return createIndex(row, column, quintptr(1 + parent.row()));
    return createIndex(row, column, kItemBit | quintptr(groupOf(parent)));
}

QModelIndex ReviewModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    if (child.internalId() & kItemBit) {
        const auto& group = tree_.group(groupOf(child));
        return createIndex(group.row, 0, quintptr(1 + group.stage));
    }
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int ReviewModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(tree_.stages().size());
    if (parent.column() != 0 || (parent.internalId() & kItemBit)) return 0;
    if (parent.internalId() == 0) return static_cast<int>(tree_.stage(parent.row()).groups.size());
    return static_cast<int>(tree_.group(groupOf(parent)).entries.size());
}

int ReviewModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant ReviewModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const int col = index.column();
    if (const ReviewEntry* e = entry(index)) {
        const cascade::Label* l = labelOf(*e);
        const bool labelled = l != nullptr;
        const QString verdict = verdictOf(*e);
        switch (role) {
            case Qt::DisplayRole:
                switch (col) {
                    case ItemColumn:
                        return e->key;
                    case SummaryColumn:
                        return e->summary;
                    case ScoreColumn:
                        return ItemSummary::formatScore(e->score);
                    case VerdictColumn:
                        if (verdict == kCorrect) return tr("✓ correct");
                        if (verdict == kWrong) return tr("✗ wrong");
                        return QString();
                    case NoteColumn:
                        return labelled ? QString::fromStdString(l->note) : QString();
                    case ReasonColumn:
                        return e->reason;
                }
                break;
            case Qt::ToolTipRole:
                if (col == VerdictColumn && labelled)
                    return tr("Label: should be %1 (given on %2)")
                        .arg(l->truth == cascade::Truth::Drop ? tr("dropped") : tr("kept"),
                             QString::fromStdString(l->item_key));
                if (col == ScoreColumn) return e->scores;
                if (col == ReasonColumn) return e->reason;
                if (col == SummaryColumn) return e->summary;
                break;
            case Qt::ForegroundRole:
                if (col == VerdictColumn && labelled)
                    return StatusBadge::color(verdict == kCorrect ? cascade::ItemStatus::Kept
                                                                  : cascade::ItemStatus::Error);
                break;
            case Qt::TextAlignmentRole:
                if (col == ScoreColumn)
                    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
                break;
            case StageRole:
                return e->stage;
            case KeyRole:
                return e->key;
            case VerdictRole:
                return verdict;
            case NoteRole:
                return labelled ? QString::fromStdString(l->note) : QString();
        }
        return {};
    }
    // Stage and group rows: a name, a count, and review progress.
    const bool is_stage = index.internalId() == 0;
    const QString name =
        is_stage ? tree_.stage(index.row()).name : tree_.group(groupOf(index)).name;
    const int count = is_stage ? tree_.stage(index.row()).count
                               : static_cast<int>(tree_.group(groupOf(index)).entries.size());
    const int reviewed =
        is_stage ? tree_.stage(index.row()).reviewed : tree_.group(groupOf(index)).reviewed;
    switch (role) {
        case Qt::DisplayRole:
            if (col == ItemColumn) return name;
            if (col == SummaryColumn)
                return is_stage ? tr("%n filtered", nullptr, count)
                                : tr("%n items", nullptr, count);
            if (col == VerdictColumn) return tr("%1 of %2 reviewed").arg(reviewed).arg(count);
            break;
        case Qt::ToolTipRole:
            if (col == ItemColumn) return name;
            break;
        case Qt::FontRole:
            if (is_stage) {
                QFont font;
                font.setBold(true);
                return font;
            }
            break;
        case StageRole:
            return is_stage ? name : tree_.stage(tree_.group(groupOf(index)).stage).name;
    }
    return {};
}

QVariant ReviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case ItemColumn:
            return tr("Stage / reason / item");
        case SummaryColumn:
            return tr("Summary");
        case ScoreColumn:
            return tr("Score");
        case VerdictColumn:
            return tr("Verdict");
        case NoteColumn:
            return tr("Note");
        case ReasonColumn:
            return tr("Reason");
    }
    return {};
}
